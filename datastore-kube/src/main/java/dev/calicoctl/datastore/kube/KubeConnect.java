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
            throw new DatastoreException.Unavailable("kubeconfig " + String.join(File.pathSeparator, paths) + " does not exist");
        }
        String chosen = null, chosenText = null;
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
            }
        }
        if (chosen == null) {
            if (context != null) throw new DatastoreException.Unavailable("context \"" + context + "\" does not exist in kubeconfig "
                    + String.join(File.pathSeparator, existing) + (known.isEmpty() ? "" : " (contexts: " + String.join(", ", known) + ")"));
            throw new DatastoreException.Unavailable("kubeconfig " + String.join(File.pathSeparator, existing) + " sets no current-context; give --context");
        }
        try {
            return Config.fromKubeconfig(context, chosenText, chosen);
        } catch (RuntimeException e) {
            throw new DatastoreException.Unavailable("invalid kubeconfig " + chosen + ": " + firstLine(e.getMessage()));
        }
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
