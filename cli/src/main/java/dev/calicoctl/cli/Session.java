package dev.calicoctl.cli;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.datastore.ResourceStore;

/** One invocation's connection to its datastore, opened on first use and closed at exit. */
public final class Session implements AutoCloseable {
    private final Io io;
    private final String configPath;
    private final String context;
    private Datastore datastore;

    public Session(Io io, String configPath) {
        this(io, configPath, null);
    }

    /** {@code context}: the global --context flag (a kubeconfig context), or null. */
    public Session(Io io, String configPath, String context) {
        this.io = io;
        this.configPath = configPath;
        this.context = context;
    }

    public Io io() { return io; }

    public DatastoreConfig config() { return ClientConfig.resolve(configPath, io, context); }

    public Datastore datastore() {
        if (datastore == null) {
            datastore = Datastores.open(config());
            Trace.mark("datastore open");
        }
        return datastore;
    }

    public ResourceStore resources() { return new ResourceStore(datastore()); }

    @Override public void close() {
        if (datastore != null) datastore.close();
    }
}
