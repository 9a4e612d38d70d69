package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Yaml;
import io.fabric8.kubernetes.client.Config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns calicoctl's Kubernetes settings into a Fabric8 {@link Config}, with calicoctl's
 * precedence: the kubeconfig (KUBECONFIG may list several files: the first that defines the
 * context, or a current-context, is used, as kubectl's merge picks it), then the explicit
 * k8s* overrides; without either, the in-cluster service account. Every problem is one line.
 */
final class KubeConnect {
    private KubeConnect() {}

    /** TCP connect and TLS handshake together (a cold API server can take seconds to answer its first handshake). */
    static final int CONNECT_TIMEOUT_MS = 20_000;
    static final int REQUEST_TIMEOUT_MS = 30_000;

    static Config config(DatastoreConfig.Kube k) {
        Config c;
        List<String> paths = new ArrayList<>();
        if (k.kubeconfig() != null) for (String p : k.kubeconfig().split(File.pathSeparator)) if (!p.isBlank()) paths.add(p.trim());
        if (!paths.isEmpty()) {
            c = fromKubeconfig(paths, k.context());
        } else if (k.apiEndpoint() != null && !k.apiEndpoint().isEmpty()) {
            c = Config.empty();
        } else if (k.serviceHost() != null && !k.serviceHost().isEmpty()) {
            c = inCluster(k);
        } else {
            throw new DatastoreException.Unavailable("no Kubernetes API server configured: set kubeconfig (or KUBECONFIG) or k8sAPIEndpoint, "
                    + "or run inside a pod (KUBERNETES_SERVICE_HOST)");
        }
        if (k.apiEndpoint() != null && !k.apiEndpoint().isEmpty()) c.setMasterUrl(k.apiEndpoint());
        if (k.certFile() != null) c.setClientCertFile(readable(k.certFile(), "k8sCertFile"));
        if (k.keyFile() != null) c.setClientKeyFile(readable(k.keyFile(), "k8sKeyFile"));
        if (k.caFile() != null) c.setCaCertFile(readable(k.caFile(), "k8sCAFile"));
        if (k.apiToken() != null && !k.apiToken().isEmpty()) c.setOauthToken(k.apiToken());
        if (k.insecureSkipTlsVerify()) {
            c.setTrustCerts(true);
            c.setDisableHostnameVerification(true);
        }
        if (c.getMasterUrl() == null || c.getMasterUrl().isEmpty()) {
            throw new DatastoreException.Unavailable("the kubeconfig names no API server for context " + (k.context() == null ? "(current)" : "\"" + k.context() + "\""));
        }
        // fail fast: the CLI reports one line; Fabric8 would otherwise retry with back-off for seconds
        c.setRequestRetryBackoffLimit(0);
        c.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        c.setRequestTimeout(REQUEST_TIMEOUT_MS);
        return c;
    }

    private static String readable(String file, String what) {
        if (!Files.isReadable(Path.of(file))) throw new DatastoreException.Unavailable(what + " " + file + " cannot be read");
        return file;
    }

    private static Config fromKubeconfig(List<String> paths, String context) {
        List<String> existing = new ArrayList<>();
        for (String p : paths) if (Files.isRegularFile(Path.of(p))) existing.add(p);
        if (existing.isEmpty()) {
            throw new DatastoreException.Unavailable("the kubernetes datastore's kubeconfig " + String.join(File.pathSeparator, paths) + " does not exist");
        }
        String chosen = null, chosenText = null;
        Map<?, ?> chosenTree = null;
        List<String> known = new ArrayList<>();
        for (String p : existing) {
            String text;
            try {
                text = Files.readString(Path.of(p));
            } catch (IOException e) {
                throw new DatastoreException.Unavailable("cannot read kubeconfig " + p + ": " + e.getMessage());
            }
            Map<?, ?> tree = parse(p, text);
            List<String> names = new ArrayList<>();
            if (tree.get("contexts") instanceof List<?> l) {
                for (Object o : l) if (o instanceof Map<?, ?> m && m.get("name") != null) names.add(m.get("name").toString());
            }
            known.addAll(names);
            boolean wanted = context != null ? names.contains(context) : tree.get("current-context") != null && !tree.get("current-context").toString().isEmpty();
            if (wanted && chosen == null) {
                chosen = p;
                chosenText = text;
                chosenTree = tree;
            }
        }
        if (chosen == null) {
            if (context != null) throw new DatastoreException.Unavailable("context \"" + context + "\" does not exist in kubeconfig "
                    + String.join(File.pathSeparator, existing) + (known.isEmpty() ? "" : " (contexts: " + String.join(", ", known) + ")"));
            throw new DatastoreException.Unavailable("kubeconfig " + String.join(File.pathSeparator, existing) + " sets no current-context; give --context");
        }
        Config direct = direct(chosenTree, context, Path.of(chosen));
        if (direct != null) return direct;
        try {
            return Config.fromKubeconfig(context, chosenText, chosen);
        } catch (RuntimeException e) {
            throw new DatastoreException.Unavailable("invalid kubeconfig " + chosen + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * The common kubeconfig (server, CA, client certificate and key, token, basic auth) read
     * straight into a Config: Fabric8's own kubeconfig reader brings jackson-databind, its YAML
     * module and the model's builders, seconds of class loading on a cold JVM. Users with an exec
     * or auth-provider plugin get Fabric8's reader (null here). Relative paths are relative to the
     * kubeconfig's directory, as kubectl reads them.
     */
    static Config direct(Map<?, ?> tree, String context, Path file) {
        String ctxName = context != null ? context : String.valueOf(tree.get("current-context"));
        Map<?, ?> ctx = named(tree.get("contexts"), ctxName, "context");
        if (ctx == null) return null;
        Map<?, ?> cluster = named(tree.get("clusters"), str(ctx.get("cluster")), "cluster");
        Map<?, ?> user = ctx.get("user") == null ? Map.of() : named(tree.get("users"), str(ctx.get("user")), "user");
        if (cluster == null || user == null || user.containsKey("exec") || user.containsKey("auth-provider")) return null;
        Path dir = file.toAbsolutePath().getParent();
        Config c = Config.empty();
        c.setMasterUrl(str(cluster.get("server")));
        if (cluster.get("certificate-authority-data") != null) c.setCaCertData(str(cluster.get("certificate-authority-data")));
        if (cluster.get("certificate-authority") != null) c.setCaCertFile(dir.resolve(str(cluster.get("certificate-authority"))).toString());
        if (Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify")) || "true".equals(str(cluster.get("insecure-skip-tls-verify")))) {
            c.setTrustCerts(true);
            c.setDisableHostnameVerification(true);
        }
        if (user.get("client-certificate-data") != null) c.setClientCertData(str(user.get("client-certificate-data")));
        if (user.get("client-certificate") != null) c.setClientCertFile(dir.resolve(str(user.get("client-certificate"))).toString());
        if (user.get("client-key-data") != null) c.setClientKeyData(str(user.get("client-key-data")));
        if (user.get("client-key") != null) c.setClientKeyFile(dir.resolve(str(user.get("client-key"))).toString());
        if (user.get("token") != null) c.setOauthToken(str(user.get("token")));
        if (user.get("tokenFile") != null) {
            try {
                c.setOauthToken(Files.readString(dir.resolve(str(user.get("tokenFile")))).trim());
            } catch (IOException e) {
                throw new DatastoreException.Unavailable("kubeconfig " + file + ": cannot read tokenFile " + user.get("tokenFile"));
            }
        }
        if (user.get("username") != null) c.setUsername(str(user.get("username")));
        if (user.get("password") != null) c.setPassword(str(user.get("password")));
        return c;
    }

    private static String str(Object o) { return o == null ? null : o.toString(); }

    /** The {@code field} map of the entry called {@code name} in a kubeconfig list (contexts, clusters, users). */
    private static Map<?, ?> named(Object list, String name, String field) {
        if (!(list instanceof List<?> l)) return null;
        for (Object o : l) {
            if (o instanceof Map<?, ?> m && name != null && name.equals(str(m.get("name")))) {
                return m.get(field) instanceof Map<?, ?> f ? f : Map.of();
            }
        }
        return null;
    }

    private static Map<?, ?> parse(String path, String text) {
        try {
            List<Yaml.Document> docs = Yaml.parseAll(text, path);
            if (docs.size() != 1 || !(docs.get(0).tree() instanceof Map<?, ?> m)) throw new DatastoreException.Unavailable("invalid kubeconfig " + path + ": not a YAML map");
            return m;
        } catch (DatastoreException e) {
            throw e;
        } catch (CalicoException e) {
            throw new DatastoreException.Unavailable("invalid kubeconfig " + path + ": " + firstLine(e.getMessage()));
        }
    }

    /** A pod's view: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, its service account's token and CA. */
    private static Config inCluster(DatastoreConfig.Kube k) {
        Path dir = k.serviceAccountDir() != null ? k.serviceAccountDir() : DatastoreConfig.Kube.SERVICE_ACCOUNT_DIR;
        Config c = Config.empty();
        String host = k.serviceHost().contains(":") ? "[" + k.serviceHost() + "]" : k.serviceHost();
        c.setMasterUrl("https://" + host + ":" + (k.servicePort() == null ? "443" : k.servicePort()));
        try {
            c.setOauthToken(Files.readString(dir.resolve("token")).trim());
        } catch (IOException e) {
            throw new DatastoreException.Unavailable("in-cluster configuration: cannot read the service account token " + dir.resolve("token"));
        }
        if (Files.isReadable(dir.resolve("ca.crt"))) c.setCaCertFile(dir.resolve("ca.crt").toString());
        return c;
    }

    static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
