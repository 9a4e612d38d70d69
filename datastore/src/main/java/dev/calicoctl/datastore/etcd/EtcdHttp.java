package dev.calicoctl.datastore.etcd;

import javax.net.ssl.SSLSocketFactory;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The etcd client's HTTP: POSTs of JSON over {@link HttpConnection}s, one kept open per endpoint for
 * the next request of the process (a command makes several). A request on a kept connection that
 * finds it closed before any byte of an answer (the server dropped it while idle) goes once more on
 * a fresh connection; once an answer has begun, nothing is sent again. Connections go straight to
 * the endpoint, never through a proxy (calicoctl never set the JDK's proxy properties). Not the JDK's
 * HttpURLConnection: its proxy selection, keep-alive cache and logging set-up cost tens of
 * milliseconds of CPU at every start.
 */
final class EtcdHttp implements Closeable {
    private final SSLSocketFactory tls;
    private final int connectMillis;
    private final int readMillis;
    /** Per endpoint: its target, and its idle connection (taken out while a request uses it). */
    private final Map<String, HttpConnection.Target> targets = new HashMap<>();
    private final Map<String, HttpConnection> idle = new HashMap<>();

    EtcdHttp(SSLSocketFactory tls, int connectMillis, int readMillis) {
        this.tls = tls;
        this.connectMillis = connectMillis;
        this.readMillis = readMillis;
    }

    /** POSTs {@code body} to {@code endpoint + path}; the answer (any status), or the I/O error. */
    HttpConnection.Answer post(String endpoint, String path, byte[] body, String authorization) throws IOException {
        HttpConnection.Target t = target(endpoint);
        HttpConnection kept = take(endpoint);
        if (kept != null) {
            try {
                return done(endpoint, kept, kept.post(t, path, body, authorization));
            } catch (HttpConnection.Closed staleConnection) {
                kept.close(); // closed while idle: once more on a fresh connection, below
            } catch (IOException | RuntimeException e) {
                kept.close();
                throw e;
            }
        }
        HttpConnection fresh = HttpConnection.open(t, tls, connectMillis, readMillis);
        try {
            return done(endpoint, fresh, fresh.post(t, path, body, authorization));
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private HttpConnection.Answer done(String endpoint, HttpConnection c, HttpConnection.Answer a) {
        if (a.keepAlive()) keep(endpoint, c);
        else c.close();
        return a;
    }

    private synchronized HttpConnection.Target target(String endpoint) {
        HttpConnection.Target t = targets.get(endpoint);
        if (t == null) targets.put(endpoint, t = HttpConnection.Target.of(endpoint));
        return t;
    }

    private synchronized HttpConnection take(String endpoint) { return idle.remove(endpoint); }

    /** Keeps {@code c} for the endpoint's next request; one is enough (another thread's is closed). */
    private synchronized void keep(String endpoint, HttpConnection c) {
        HttpConnection other = idle.put(endpoint, c);
        if (other != null) other.close();
    }

    /** Closes the idle connections; a request under way keeps its own until it ends. */
    @Override public void close() {
        List<HttpConnection> open;
        synchronized (this) {
            open = new ArrayList<>(idle.values());
            idle.clear();
        }
        for (HttpConnection c : open) c.close();
    }
}
