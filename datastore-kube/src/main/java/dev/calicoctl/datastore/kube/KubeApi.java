package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Json;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST calls to the API server through Fabric8's HTTP client on java.net.http (TLS, client
 * certificates, tokens and their refresh come from Fabric8's Config). The requests themselves
 * are written here so each carries exactly what kube-apiserver needs: resourceVersion on every
 * PUT, DeleteOptions preconditions, limit/continue, label selectors.
 */
final class KubeApi implements AutoCloseable {
    record Resp(int code, String body) {
        boolean ok() { return code >= 200 && code < 300; }
    }

    private final HttpClient http;
    private final String base;
    /** Requests sent, for the benchmark's "API requests per assignment". */
    final AtomicLong requests = new AtomicLong();

    KubeApi(Config config) {
        String url = config.getMasterUrl();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            this.http = new JdkHttpClientFactory().newBuilder(config).build();
        } catch (RuntimeException e) {
            throw new DatastoreException.Unavailable("cannot set up the connection to " + base + ": " + KubeConnect.firstLine(rootMessage(e)));
        }
    }

    String base() { return base; }

    /** A successful answer's object; any other answer, or an unreadable one, is a one-line error naming {@code what}. */
    Map<String, Object> ok(Resp r, String what) {
        if (!r.ok()) throw new DatastoreException(what + ": the API server answered " + r.code() + ": " + statusMessage(r));
        try {
            return Json.parseObject(r.body());
        } catch (RuntimeException e) {
            throw new DatastoreException.Unavailable(what + ": unreadable answer from the API server at " + base);
        }
    }

    static String q(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    Resp get(String path) { return send("GET", path, null, null); }

    Resp send(String method, String path, String contentType, String body) {
        return await(sendAsync(method, path, contentType, body));
    }

    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path).header("Accept", "application/json");
        if (body != null) b.method(method, contentType == null ? "application/json" : contentType, body);
        else if (!method.equals("GET")) b.method(method, "application/json", "");
        requests.incrementAndGet();
        return http.sendAsync(b.build(), String.class);
    }

    Resp await(CompletableFuture<HttpResponse<String>> f) {
        try {
            HttpResponse<String> r = f.get(KubeConnect.REQUEST_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
            Resp resp = new Resp(r.code(), r.body() == null ? "" : r.body());
            if (resp.code() == 401) throw new DatastoreException.Unavailable("connection is unauthorized: the API server at " + base + " answered 401 Unauthorized (check the token or client certificate)");
            if (resp.code() == 403) throw new DatastoreException.Unavailable("connection is unauthorized: " + statusMessage(resp));
            return resp;
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw new DatastoreException.Unavailable("cannot reach the Kubernetes API server at " + base + ": no answer within " + (KubeConnect.REQUEST_TIMEOUT_MS / 1000) + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatastoreException.Unavailable("interrupted while talking to " + base);
        }
    }

    private DatastoreException unreachable(Throwable t) {
        Throwable root = t;
        boolean timedOut = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.http.HttpConnectTimeoutException) timedOut = true;
        }
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException || root instanceof javax.net.ssl.SSLException) break;
            root = root.getCause();
        }
        String why;
        if (timedOut) why = "connection timed out after " + (KubeConnect.CONNECT_TIMEOUT_MS / 1000) + "s";
        else if (root instanceof ConnectException) why = "connection refused";
        else if (root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) why = "unknown host";
        else if (root instanceof javax.net.ssl.SSLException) why = "TLS handshake failed (" + KubeConnect.firstLine(rootMessage(root)) + ")";
        else why = KubeConnect.firstLine(rootMessage(t));
        return new DatastoreException.Unavailable("cannot reach the Kubernetes API server at " + base + ": " + why);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        String m = r.getMessage();
        return m == null || m.isEmpty() ? r.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() : m;
    }

    /** The Status object's message, or the code when the body is not one. */
    static String statusMessage(Resp r) {
        try {
            Map<String, Object> s = Json.parseObject(r.body());
            if (s.get("message") != null) return KubeConnect.firstLine(s.get("message").toString());
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return "HTTP " + r.code();
    }

    static String reason(Resp r) {
        try {
            Object reason = Json.parseObject(r.body()).get("reason");
            return reason == null ? "" : reason.toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Closes the client. On Java 21+ java.net.http.HttpClient is shut down at once: its selector
     * thread would otherwise keep the JVM from exiting for ~0.3 s. Reflection keeps this building
     * and running on Java 17, where the method does not exist.
     */
    @Override public void close() {
        Object jdk = null;
        try {
            java.lang.reflect.Field f = http.getClass().getDeclaredField("httpClient");
            f.setAccessible(true);
            jdk = f.get(http);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // another client implementation: nothing to shut down early
        }
        http.close();
        if (jdk != null) {
            try {
                java.net.http.HttpClient.class.getMethod("shutdownNow").invoke(jdk);
            } catch (NoSuchMethodException ignored) {
                // Java 17-20
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
