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
                              String etcdDiscoverySrv, Kube kube) {
    public DatastoreConfig(String type, Path localDatabase, List<String> etcdEndpoints, String etcdUsername, String etcdPassword,
                           String etcdKeyFile, String etcdCertFile, String etcdCaCertFile, String kubeconfig) {
        this(type, localDatabase, etcdEndpoints, etcdUsername, etcdPassword, etcdKeyFile, etcdCertFile, etcdCaCertFile, kubeconfig, null);
    }

    public DatastoreConfig(String type, Path localDatabase, List<String> etcdEndpoints, String etcdUsername, String etcdPassword,
                           String etcdKeyFile, String etcdCertFile, String etcdCaCertFile, String kubeconfig, String etcdDiscoverySrv) {
        this(type, localDatabase, etcdEndpoints, etcdUsername, etcdPassword, etcdKeyFile, etcdCertFile, etcdCaCertFile, kubeconfig,
                etcdDiscoverySrv, Kube.NONE);
    }

    /**
     * How to reach a Kubernetes API server, as calicoctl's config names it: {@code kubeconfig} (one
     * path, or several joined by ':' as in KUBECONFIG), the context (--context, else
     * k8sCurrentContext), the explicit overrides k8sAPIEndpoint, k8sCertFile, k8sKeyFile, k8sCAFile,
     * k8sAPIToken, k8sInsecureSkipTLSVerify, calicoAPIGroup (empty: discovered), and for in-cluster
     * use KUBERNETES_SERVICE_HOST/PORT with the service account directory.
     */
    public record Kube(String kubeconfig, String context, String apiEndpoint, String certFile, String keyFile, String caFile,
                       String apiToken, boolean insecureSkipTlsVerify, String calicoApiGroup,
                       String serviceHost, String servicePort, Path serviceAccountDir) {
        public static final Kube NONE = new Kube(null, null, null, null, null, null, null, false, null, null, null, null);
        public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

        public static Kube ofKubeconfig(String kubeconfig, String context) {
            return new Kube(kubeconfig, context, null, null, null, null, null, false, null, null, null, null);
        }
    }

    public static DatastoreConfig kubernetes(Kube kube) {
        return new DatastoreConfig(KUBERNETES, null, List.of(), null, null, null, null, null, kube.kubeconfig(), null, kube);
    }

    public static final String LOCAL = "local";
    public static final String ETCDV3 = "etcdv3";
    public static final String KUBERNETES = "kubernetes";
}
