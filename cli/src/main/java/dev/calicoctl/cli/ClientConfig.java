package dev.calicoctl.cli;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.FieldType;
import dev.calicoctl.model.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/**
 * Resolves which datastore to use, as calicoctl does: the CalicoAPIConfig file when it exists
 * (default /etc/calico/calicoctl.cfg), else the environment (CALICO_X before X). Unlike
 * calicoctl, naming no datastore at all means the embedded local store, not etcd.
 */
public final class ClientConfig {
    public static final String DEFAULT_CONFIG_PATH = "/etc/calico/calicoctl.cfg";

    private static final FieldType SPEC = object(
            "datastoreType", STRING, "etcdEndpoints", STRING, "etcdDiscoverySrv", STRING,
            "etcdUsername", STRING, "etcdPassword", STRING, "etcdKeyFile", STRING, "etcdCertFile", STRING,
            "etcdCACertFile", STRING, "etcdKey", STRING, "etcdCert", STRING, "etcdCACert", STRING,
            "kubeconfig", STRING, "k8sAPIEndpoint", STRING, "k8sKeyFile", STRING, "k8sCertFile", STRING,
            "k8sCAFile", STRING, "k8sAPIToken", STRING, "k8sInsecureSkipTLSVerify", BOOL,
            "k8sDisableNodePoll", BOOL, "k8sClientQPS", ANY, "k8sCurrentContext", STRING,
            "k8sUsePodCIDR", BOOL, "calicoAPIGroup", STRING);
    private static final FieldType FILE = object("apiVersion", STRING, "kind", STRING, "metadata", ANY, "spec", SPEC);

    private ClientConfig() {}

    public static DatastoreConfig resolve(String configPath, Io io) {
        return resolve(configPath, io, null);
    }

    /** As {@link #resolve(String, Io)}, with the global --context flag (a kubeconfig context). */
    public static DatastoreConfig resolve(String configPath, Io io, String context) {
        String path = configPath == null ? DEFAULT_CONFIG_PATH : configPath;
        Path p = Path.of(path);
        Map<String, Object> spec = Files.isRegularFile(p) ? readFile(p) : null;
        String type = spec != null ? str(spec, "datastoreType") : env(io, "DATASTORE_TYPE");
        if (type == null) type = DatastoreConfig.LOCAL;
        type = type.toLowerCase();
        String endpoints = spec != null ? str(spec, "etcdEndpoints") : env(io, "ETCD_ENDPOINTS");
        List<String> eps = new ArrayList<>();
        if (endpoints != null) for (String e : endpoints.split(",")) if (!e.isBlank()) eps.add(e.trim());
        return new DatastoreConfig(type, localDatabase(io), eps,
                spec != null ? str(spec, "etcdUsername") : env(io, "ETCD_USERNAME"),
                spec != null ? str(spec, "etcdPassword") : env(io, "ETCD_PASSWORD"),
                spec != null ? str(spec, "etcdKeyFile") : env(io, "ETCD_KEY_FILE"),
                spec != null ? str(spec, "etcdCertFile") : env(io, "ETCD_CERT_FILE"),
                spec != null ? str(spec, "etcdCACertFile") : env(io, "ETCD_CA_CERT_FILE"),
                spec != null ? str(spec, "kubeconfig") : env(io, "KUBECONFIG"),
                spec != null ? str(spec, "etcdDiscoverySrv") : env(io, "ETCD_DISCOVERY_SRV"),
                kube(spec, io, context));
    }

    /**
     * The Kubernetes settings, from the config file's spec or else the environment, named as
     * calicoctl names them (KUBECONFIG may list several files); --context, as upstream, only on the
     * environment path (file: k8sCurrentContext). KUBERNETES_SERVICE_HOST/PORT come from the environment either way (in-cluster).
     */
    static DatastoreConfig.Kube kube(Map<String, Object> spec, Io io, String context) {
        // upstream: --context sets K8S_CURRENT_CONTEXT, which only the environment path reads
        String ctx = spec != null ? str(spec, "k8sCurrentContext") : context != null ? context : env(io, "K8S_CURRENT_CONTEXT");
        String insecure = spec != null ? str(spec, "k8sInsecureSkipTLSVerify") : env(io, "K8S_INSECURE_SKIP_TLS_VERIFY");
        return new DatastoreConfig.Kube(
                spec != null ? str(spec, "kubeconfig") : env(io, "KUBECONFIG"), ctx,
                spec != null ? str(spec, "k8sAPIEndpoint") : env(io, "K8S_API_ENDPOINT"),
                spec != null ? str(spec, "k8sCertFile") : env(io, "K8S_CERT_FILE"),
                spec != null ? str(spec, "k8sKeyFile") : env(io, "K8S_KEY_FILE"),
                spec != null ? str(spec, "k8sCAFile") : env(io, "K8S_CA_FILE"),
                spec != null ? str(spec, "k8sAPIToken") : io.env("CALICO_K8SAPITOKEN") != null ? io.env("CALICO_K8SAPITOKEN") : env(io, "K8S_API_TOKEN"),
                "true".equalsIgnoreCase(insecure),
                spec != null ? str(spec, "calicoAPIGroup") : io.env("CALICO_API_GROUP"),
                io.env("KUBERNETES_SERVICE_HOST"), io.env("KUBERNETES_SERVICE_PORT"), null);
    }

    /** $CALICOCTL_LOCAL_DB, else ${XDG_DATA_HOME:-$HOME/.local/share}/calicoctl/datastore.db. */
    public static Path localDatabase(Io io) {
        String explicit = io.env("CALICOCTL_LOCAL_DB");
        if (explicit != null) return Path.of(explicit);
        String xdg = io.env("XDG_DATA_HOME");
        Path base = xdg != null ? Path.of(xdg) : Path.of(home(io), ".local", "share");
        return base.resolve("calicoctl").resolve("datastore.db");
    }

    private static String home(Io io) {
        String h = io.env("HOME");
        return h != null ? h : System.getProperty("user.home");
    }

    private static String env(Io io, String name) {
        String v = io.env("CALICO_" + name);
        return v != null ? v : io.env(name);
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readFile(Path p) {
        String text;
        try {
            text = Files.readString(p);
        } catch (IOException e) {
            throw new CliException("failed to read config file " + p + ": " + e.getMessage());
        }
        try {
            List<Yaml.Document> docs = Yaml.parseAll(text, p.toString());
            if (docs.isEmpty() || !(docs.get(0).tree() instanceof Map)) throw new CliException("config file " + p + " is empty or not a map");
            Map<String, Object> tree = (Map<String, Object>) docs.get(0).tree();
            Object kind = tree.get("kind");
            if (kind != null && !"CalicoAPIConfig".equals(kind)) {
                throw new CliException("config file " + p + ": kind must be CalicoAPIConfig, not " + kind);
            }
            List<String> problems = new ArrayList<>();
            FILE.check(tree, "", docs.get(0).lines(), problems);
            if (!problems.isEmpty()) throw new CliException("config file " + p + ": " + problems.get(0));
            Object spec = tree.get("spec");
            return spec instanceof Map ? (Map<String, Object>) spec : Map.of();
        } catch (CalicoException e) {
            if (e instanceof CliException) throw e;
            throw new CliException("config file " + p + ": " + e.getMessage());
        }
    }
}
