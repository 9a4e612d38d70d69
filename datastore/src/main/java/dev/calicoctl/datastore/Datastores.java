package dev.calicoctl.datastore;

import dev.calicoctl.datastore.local.LocalDatastore;

/** Opens the backend a configuration names. */
public final class Datastores {
    private Datastores() {}

    public static Datastore open(DatastoreConfig config) {
        return switch (config.type()) {
            case DatastoreConfig.LOCAL -> LocalDatastore.open(config.localDatabase());
            case DatastoreConfig.ETCDV3 -> dev.calicoctl.datastore.etcd.EtcdDatastore.open(config);
            case DatastoreConfig.KUBERNETES -> throw new DatastoreException.Unavailable(
                    "datastore type 'kubernetes' is not available in this build yet; use etcdv3 or local (the embedded default)");
            default -> throw new DatastoreException.Unavailable("unknown datastore type '" + config.type()
                    + "' (expected one of: local, etcdv3, kubernetes)");
        };
    }
}
