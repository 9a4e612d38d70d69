package dev.calicoctl.datastore;

import dev.calicoctl.datastore.local.LocalDatastore;

/** Opens the backend a configuration names. */
public final class Datastores {
    private Datastores() {}

    /**
     * The kubernetes backend lives in its own module (calicoctl-datastore-kube) and is found by
     * name, so Fabric8 and jackson-databind are loaded only by commands that use it.
     */
    private static Datastore openKubernetes(DatastoreConfig config) {
        Class<?> c;
        try {
            c = Class.forName("dev.calicoctl.datastore.kube.KubeDatastore");
        } catch (ClassNotFoundException e) {
            throw new DatastoreException.Unavailable("datastore type 'kubernetes' is not in this build (calicoctl-datastore-kube is missing from the class path)");
        }
        try {
            return (Datastore) c.getMethod("open", DatastoreConfig.class).invoke(null, config);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new DatastoreException.Unavailable("cannot open the kubernetes datastore: " + reason(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new DatastoreException.Unavailable("cannot open the kubernetes datastore: this build's calicoctl-datastore-kube does not match (" + reason(e) + ")", e);
        }
    }

    /** A cause's message for users; its class name never reaches them. */
    private static String reason(Throwable t) {
        return t == null || t.getMessage() == null || t.getMessage().isBlank() ? "internal error" : t.getMessage();
    }

    public static Datastore open(DatastoreConfig config) {
        return switch (config.type()) {
            case DatastoreConfig.LOCAL -> LocalDatastore.open(config.localDatabase());
            case DatastoreConfig.ETCDV3 -> dev.calicoctl.datastore.etcd.EtcdDatastore.open(config);
            case DatastoreConfig.KUBERNETES -> openKubernetes(config);
            default -> throw new DatastoreException.Unavailable("unknown datastore type '" + config.type()
                    + "' (expected one of: local, etcdv3, kubernetes)");
        };
    }
}
