package dev.calicoctl.cli;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.FieldType;
import dev.calicoctl.model.Yaml;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/**
 * Resolves which datastore to use, as calicoctl does (calicoctl's clientmgr.LoadClientConfig and
 * libcalico-go's apiconfig): the CalicoAPIConfig file when it exists (default
 * /etc/calico/calicoctl.cfg; a file named with -c that cannot be read is an error), else the
 * environment (CALICO_X before X); with no datastoreType, etcdv3 when etcd endpoints are given,
 * else kubernetes. The one difference: when nothing at all points at a cluster (no config file,
 * no DATASTORE_TYPE, no etcd endpoints, no KUBECONFIG, no ~/.kube/config, not inside a pod) the
 * embedded local store is used instead of kubernetes, and {@link Resolved#implicitLocal()} says so.
 */
public final class ClientConfig {
    public static final String DEFAULT_CONFIG_PATH = "/etc/calico/calicoctl.cfg";
    public static final String API_VERSION = "projectcalico.org/v3";

    private static final FieldType SPEC = object(
            "datastoreType", STRING, "etcdEndpoints", STRING, "etcdDiscoverySrv", STRING,
            "etcdUsername", STRING, "etcdPassword", STRING, "etcdKeyFile", STRING, "etcdCertFile", STRING,
            "etcdCACertFile", STRING, "etcdKey", STRING, "etcdCert", STRING, "etcdCACert", STRING,
            "kubeconfig", STRING, "k8sAPIEndpoint", STRING, "k8sKeyFile", STRING, "k8sCertFile", STRING,
            "k8sCAFile", STRING, "k8sAPIToken", STRING, "k8sInsecureSkipTLSVerify", BOOL,
            "k8sDisableNodePoll", BOOL, "k8sClientQPS", ANY, "k8sCurrentContext", STRING,
            "k8sUsePodCIDR", BOOL, "calicoAPIGroup", STRING);
    private static final FieldType FILE = object("apiVersion", STRING, "kind", STRING, "metadata", ANY, "spec", SPEC);

    /**
     * The configuration chosen and why: {@code implicitLocal} when the embedded store was picked
     * only because nothing named a datastore; {@code reason} names what chose a cluster datastore.
     */
    public record Resolved(DatastoreConfig config, boolean implicitLocal, String reason) {}

    private ClientConfig() {}

    public static DatastoreConfig resolve(String configPath, Io io) { return choose(configPath, io).config(); }

    public static Resolved choose(String configPath, Io io) { return choose(configPath, io, null); }

    /** As {@link #choose(String, Io)}, with the global --context flag (a kubeconfig context), or null. */
    public static Resolved choose(String configPath, Io io, String context) {
        String path = configPath == null ? io.defaultConfigPath() : configPath;
        Path p = Path.of(path);
        Map<String, Object> spec = null;
        if (Files.exists(p)) {
            spec = readFile(p, path);
        } else if (configPath != null && !configPath.equals(DEFAULT_CONFIG_PATH)) {
            // calicoctl: a config file named on the command line that cannot be read is fatal
            throw new CliException("Error reading config file: " + path);
        }
        return choose(spec, path, io, context);
    }

    /** From the environment alone, never a config file (the CNI plugin: upstream's LoadClientConfig("")). */
    public static DatastoreConfig fromEnvironment(Io io) {
        return choose(null, null, io, null).config();
    }

    private static Resolved choose(Map<String, Object> spec, String path, Io io, String context) {
        String type = spec != null ? str(spec, "datastoreType") : env(io, "DATASTORE_TYPE");
        String endpoints = spec != null ? str(spec, "etcdEndpoints") : env(io, "ETCD_ENDPOINTS");
        String kubeconfig = spec != null ? str(spec, "kubeconfig") : env(io, "KUBECONFIG");
        String k8sEndpoint = spec != null ? str(spec, "k8sAPIEndpoint") : env(io, "K8S_API_ENDPOINT");
        boolean implicitLocal = false;
        String reason = null;
        if (type == null) {
            // apiconfig.applyConfigDefaults: etcd endpoints mean etcdv3, anything else kubernetes;
            // we keep the embedded store for a machine where nothing points at a cluster
            if (endpoints != null) type = DatastoreConfig.ETCDV3;
            else {
                reason = spec != null ? "the config file " + path + " names no datastoreType"
                        : kubeconfig != null ? "KUBECONFIG is set"
                        : k8sEndpoint != null ? "K8S_API_ENDPOINT is set"
                        : io.env("KUBERNETES_SERVICE_HOST") != null ? "KUBERNETES_SERVICE_HOST is set (running in a pod)"
                        : defaultKubeconfig(io) != null ? defaultKubeconfig(io) + " exists"
                        : null;
                if (reason != null) type = DatastoreConfig.KUBERNETES;
                else { type = DatastoreConfig.LOCAL; implicitLocal = true; }
            }
        }
        type = type.toLowerCase();
        if (type.equals(DatastoreConfig.KUBERNETES) && kubeconfig == null && k8sEndpoint == null) kubeconfig = defaultKubeconfig(io);
        List<String> eps = new ArrayList<>();
        if (endpoints != null) for (String e : endpoints.split(",")) if (!e.isBlank()) eps.add(e.trim());
        DatastoreConfig config = new DatastoreConfig(type, localDatabase(io), eps,
                spec != null ? str(spec, "etcdUsername") : env(io, "ETCD_USERNAME"),
                spec != null ? str(spec, "etcdPassword") : env(io, "ETCD_PASSWORD"),
                spec != null ? str(spec, "etcdKeyFile") : env(io, "ETCD_KEY_FILE"),
                spec != null ? str(spec, "etcdCertFile") : env(io, "ETCD_CERT_FILE"),
                spec != null ? str(spec, "etcdCACertFile") : env(io, "ETCD_CA_CERT_FILE"),
                kubeconfig,
                spec != null ? str(spec, "etcdDiscoverySrv") : env(io, "ETCD_DISCOVERY_SRV"),
                kube(spec, io, context, kubeconfig, k8sEndpoint));
        return new Resolved(config, implicitLocal, reason);
    }

    /**
     * The Kubernetes settings, from the config file's spec or else the environment, named as
     * calicoctl names them (KUBECONFIG may list several files); --context, as upstream, only on the
     * environment path (file: k8sCurrentContext). KUBERNETES_SERVICE_HOST/PORT come from the environment either way (in-cluster).
     */
    static DatastoreConfig.Kube kube(Map<String, Object> spec, Io io, String context, String kubeconfig, String k8sEndpoint) {
        // upstream: --context sets K8S_CURRENT_CONTEXT, which only the environment path reads
        String ctx = spec != null ? str(spec, "k8sCurrentContext") : context != null ? context : env(io, "K8S_CURRENT_CONTEXT");
        String insecure = spec != null ? str(spec, "k8sInsecureSkipTLSVerify") : env(io, "K8S_INSECURE_SKIP_TLS_VERIFY");
        return new DatastoreConfig.Kube(
                kubeconfig, ctx, k8sEndpoint,
                spec != null ? str(spec, "k8sCertFile") : env(io, "K8S_CERT_FILE"),
                spec != null ? str(spec, "k8sKeyFile") : env(io, "K8S_KEY_FILE"),
                spec != null ? str(spec, "k8sCAFile") : env(io, "K8S_CA_FILE"),
                spec != null ? str(spec, "k8sAPIToken") : io.env("CALICO_K8SAPITOKEN") != null ? io.env("CALICO_K8SAPITOKEN") : env(io, "K8S_API_TOKEN"),
                "true".equalsIgnoreCase(insecure),
                spec != null ? str(spec, "calicoAPIGroup") : io.env("CALICO_API_GROUP"),
                io.env("KUBERNETES_SERVICE_HOST"), io.env("KUBERNETES_SERVICE_PORT"), null);
    }

    /** $HOME/.kube/config when it exists (libcalico-go looks only at $HOME, as we do). */
    private static String defaultKubeconfig(Io io) {
        String home = io.env("HOME");
        if (home == null) return null;
        Path p = Path.of(home, ".kube", "config");
        return Files.exists(p) ? p.toString() : null;
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
    private static Map<String, Object> readFile(Path p, String path) {
        String text;
        try {
            if (!Files.isRegularFile(p)) throw new IOException("not a regular file");
            if (Files.size(p) > 1 << 20) throw new CliException("config file " + path + " is over 1 MiB");
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString();
        } catch (CharacterCodingException e) {
            throw new CliException("syntax error in " + path + ": the file is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException("Error reading config file: " + path);
        }
        try {
            List<Yaml.Document> docs = Yaml.parseAll(text, path);
            if (docs.isEmpty() || !(docs.get(0).tree() instanceof Map)) throw new CliException("syntax error in " + path + ": the file is empty or not a map");
            Map<String, Object> tree = (Map<String, Object>) docs.get(0).tree();
            List<String> problems = new ArrayList<>();
            FILE.check(tree, "", docs.get(0).lines(), problems);
            if (!problems.isEmpty()) throw new CliException("syntax error in " + path + ": " + problems.get(0));
            // apiconfig.LoadClientConfigFromBytes: exactly this apiVersion and kind
            Object apiVersion = tree.get("apiVersion");
            if (!API_VERSION.equals(apiVersion)) {
                throw new CliException("syntax error in " + path + ": invalid config file: unknown APIVersion '" + (apiVersion == null ? "" : apiVersion) + "'");
            }
            Object kind = tree.get("kind");
            if (!"CalicoAPIConfig".equals(kind)) {
                throw new CliException("syntax error in " + path + ": invalid config file: expected kind 'CalicoAPIConfig', got '" + (kind == null ? "" : kind) + "'");
            }
            Object spec = tree.get("spec");
            return spec instanceof Map ? (Map<String, Object>) spec : Map.of();
        } catch (CalicoException e) {
            if (e instanceof CliException) throw e;
            throw new CliException("syntax error in " + path + ": " + e.getMessage());
        }
    }
}
