package dev.calicoctl.datastore;

import java.nio.file.Path;
import java.util.List;

/**
 * Which datastore to use and how to reach it, already resolved from calicoctl.cfg and the
 * environment by the CLI (the only layer that reads either).
 */
public record DatastoreConfig(String type, Path localDatabase, List<String> etcdEndpoints,
                              String etcdUsername, String etcdPassword, String etcdKeyFile,
                              String etcdCertFile, String etcdCaCertFile, String kubeconfig,
                              String etcdDiscoverySrv) {
    public DatastoreConfig(String type, Path localDatabase, List<String> etcdEndpoints, String etcdUsername, String etcdPassword,
                           String etcdKeyFile, String etcdCertFile, String etcdCaCertFile, String kubeconfig) {
        this(type, localDatabase, etcdEndpoints, etcdUsername, etcdPassword, etcdKeyFile, etcdCertFile, etcdCaCertFile, kubeconfig, null);
    }

    public static final String LOCAL = "local";
    public static final String ETCDV3 = "etcdv3";
    public static final String KUBERNETES = "kubernetes";

    public static DatastoreConfig local(Path db) {
        return new DatastoreConfig(LOCAL, db, List.of(), null, null, null, null, null, null);
    }
}
