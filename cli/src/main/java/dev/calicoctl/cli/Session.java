package dev.calicoctl.cli;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.cli.term.Term;

/** One invocation's connection to its datastore, opened on first use and closed at exit. */
public final class Session implements AutoCloseable {
    private final Io io;
    private final String configPath;
    private final String context;
    private ClientConfig.Resolved resolved;
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

    public DatastoreConfig config() { return resolved().config(); }

    private ClientConfig.Resolved resolved() {
        if (resolved == null) resolved = ClientConfig.choose(configPath, io, context);
        return resolved;
    }

    public Datastore datastore() {
        if (datastore == null) {
            ClientConfig.Resolved r = resolved();
            try {
                datastore = Datastores.open(r.config());
            } catch (dev.calicoctl.datastore.DatastoreException.Unavailable e) {
                // say why calicoctl's rules chose a cluster datastore, rather than fall back silently
                if (r.reason() == null) throw e;
                throw new CliException(e.getMessage() + " (chosen as calicoctl would: " + r.reason() + ")", e);
            }
            if (r.implicitLocal() && Term.stderrIsTerminal(io)) {
                datastore = new NoticeOnFirstWrite(datastore, () -> io.err().println(
                        "note: writing to the embedded local datastore " + r.config().localDatabase()
                                + " (nothing names a cluster); use -c FILE, DATASTORE_TYPE or KUBECONFIG to pick one"));
            }
            Trace.mark("datastore open");
        }
        return datastore;
    }

    public ResourceStore resources() { return new ResourceStore(datastore()); }

    @Override public void close() {
        if (datastore != null) datastore.close();
    }
}
