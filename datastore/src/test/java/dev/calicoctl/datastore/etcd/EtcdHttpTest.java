package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The etcd client's HTTP/1.1 against a tiny loopback server written here, which answers byte for byte what each test says. */
class EtcdHttpTest {
    /** What the server does with one accepted connection (numbered from 0). */
    interface Script {
        void serve(int connection, Conn c) throws IOException;
    }

    /** One server-side connection: read requests, send raw bytes. */
    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final List<String> requests;

        Conn(Socket socket, List<String> requests) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.requests = requests;
        }

        /** The next request (head and body as text), or null when the client closed the connection. */
        String request() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                byte[] b = head.toByteArray();
                int n = b.length;
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') break;
            }
            if (c < 0) return null;
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            String r = h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            requests.add(r);
            return r;
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Answers every request with {@code raw} until the client closes. */
        void serveAll(String raw) throws IOException {
            while (request() != null) send(raw);
        }
    }

    /** A loopback server running {@code script} on every connection it accepts. */
    static final class Loopback implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final String endpoint;

        Loopback(InetAddress address, Script script) throws IOException {
            this(new ServerSocket(0, 50, address), "http", script);
        }

        /** On a server socket made by the caller (TLS, for instance), its endpoint with {@code scheme}. */
        Loopback(ServerSocket server, String scheme, Script script) {
            this.server = server;
            InetAddress address = server.getInetAddress();
            String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            endpoint = scheme + "://" + host + ":" + server.getLocalPort();
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        int n = accepted.getAndIncrement();
                        Thread h = new Thread(() -> {
                            try (s) {
                                script.serve(n, new Conn(s, requests));
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        });
                        h.setDaemon(true);
                        h.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override public void close() throws IOException { server.close(); }
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach void closeAll() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private Loopback server(Script script) throws IOException {
        Loopback l = new Loopback(InetAddress.getLoopbackAddress(), script);
        toClose.add(l);
        return l;
    }

    private EtcdHttp client(int readMillis) {
        EtcdHttp h = new EtcdHttp(null, 2000, readMillis);
        toClose.add(h);
        return h;
    }

    private static byte[] json(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static String text(HttpConnection.Answer a) { return new String(a.body(), StandardCharsets.UTF_8); }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";

    @Test
    void requestShapeAndContentLengthBody() throws Exception {
        Loopback s = server((n, c) -> c.serveAll(OK));
        HttpConnection.Answer a = client(5000).post(s.endpoint, "/v3/kv/range", json("{\"key\":\"Lw==\"}"), "tok.123");
        assertThat(a.status()).isEqualTo(200);
        assertThat(text(a)).isEqualTo("{\"ok\":true}");
        assertThat(s.requests).containsExactly("POST /v3/kv/range HTTP/1.1\r\nHost: " + s.endpoint.substring(7)
                + "\r\nContent-Type: application/json\r\nContent-Length: 14\r\nAuthorization: tok.123\r\n\r\n{\"key\":\"Lw==\"}");
    }

    @Test
    void noAuthorizationHeaderWithoutAToken() throws Exception {
        Loopback s = server((n, c) -> c.serveAll(OK));
        client(5000).post(s.endpoint, "/v3/kv/range", json("{}"), null);
        assertThat(s.requests).singleElement().asString().doesNotContain("Authorization");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        Loopback s = server((n, c) -> c.serveAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\n" + "A;name=value\r\n\"0123456\"}\r\n" + "0\r\nX-Trailer: 1\r\n\r\n"));
        EtcdHttp h = client(5000);
        assertThat(text(h.post(s.endpoint, "/v3/kv/range", json("{}"), null))).isEqualTo("{\"a\":\"0123456\"}");
        assertThat(text(h.post(s.endpoint, "/v3/kv/range", json("{}"), null))).isEqualTo("{\"a\":\"0123456\"}");
        assertThat(s.accepted).hasValue(1); // the chunked answer was read exactly to its end: the connection carried on
    }

    @Test
    void keepAliveTwoRequestsOneConnection() throws Exception {
        Loopback s = server((n, c) -> c.serveAll(OK));
        EtcdHttp h = client(5000);
        h.post(s.endpoint, "/v3/kv/range", json("{}"), null);
        h.post(s.endpoint, "/v3/kv/txn", json("{}"), null);
        assertThat(s.accepted).hasValue(1);
        assertThat(s.requests).hasSize(2);
    }

    @Test
    void idleConnectionClosedByTheServerThenOneRetryOnAFreshOne() throws Exception {
        Loopback s = server((n, c) -> {
            if (n == 0) {
                c.request();
                c.send(OK); // and hangs up, as a server closing an idle connection does
            } else c.serveAll(OK);
        });
        EtcdHttp h = client(5000);
        h.post(s.endpoint, "/v3/kv/range", json("{\"n\":1}"), null);
        HttpConnection.Answer second = h.post(s.endpoint, "/v3/kv/range", json("{\"n\":2}"), null);
        assertThat(text(second)).isEqualTo("{\"ok\":true}");
        assertThat(s.accepted).hasValue(2);
    }

    @Test
    void serverSaysConnectionCloseSoTheNextRequestConnectsAgain() throws Exception {
        Loopback s = server((n, c) -> {
            c.request();
            c.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
        });
        EtcdHttp h = client(5000);
        h.post(s.endpoint, "/a", json("{}"), null);
        h.post(s.endpoint, "/b", json("{}"), null);
        assertThat(s.accepted).hasValue(2);
        assertThat(s.requests).hasSize(2);
    }

    @Test
    void bodyUntilCloseWhenNoLengthIsGivenAndTheConnectionIsNotReused() throws Exception {
        Loopback s = server((n, c) -> {
            c.request();
            c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"until\":\"close\"}");
        });
        EtcdHttp h = client(5000);
        assertThat(text(h.post(s.endpoint, "/a", json("{}"), null))).isEqualTo("{\"until\":\"close\"}");
        assertThat(text(h.post(s.endpoint, "/a", json("{}"), null))).isEqualTo("{\"until\":\"close\"}");
        assertThat(s.accepted).hasValue(2);
    }

    @Test
    void noRetryAfterPartOfAnAnswerArrived() throws Exception {
        Loopback s = server((n, c) -> {
            c.request();
            c.send(OK);
            c.request();
            c.send("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"cut"); // then the connection drops
        });
        EtcdHttp h = client(5000);
        h.post(s.endpoint, "/v3/kv/txn", json("{}"), null);
        assertThatThrownBy(() -> h.post(s.endpoint, "/v3/kv/txn", json("{}"), null))
                .isInstanceOf(HttpConnection.BadAnswer.class).hasMessage("malformed HTTP answer (the body ended after 5 of 50 bytes)");
        assertThat(s.accepted).hasValue(1);
        assertThat(s.requests).hasSize(2);
    }

    @Test
    void noRetryAfterHalfAStatusLine() throws Exception {
        Loopback s = server((n, c) -> {
            c.request();
            c.send(OK);
            c.request();
            c.send("HTTP/1.1 2");
        });
        EtcdHttp h = client(5000);
        h.post(s.endpoint, "/v3/kv/txn", json("{}"), null);
        assertThatThrownBy(() -> h.post(s.endpoint, "/v3/kv/txn", json("{}"), null))
                .isInstanceOf(HttpConnection.BadAnswer.class).hasMessageContaining("closed in the middle of the headers");
        assertThat(s.accepted).hasValue(1);
    }

    @Test
    void aFreshConnectionClosedWithoutAnAnswerIsNotRetried() throws Exception {
        Loopback s = server((n, c) -> c.request());
        assertThatThrownBy(() -> client(5000).post(s.endpoint, "/a", json("{}"), null)).isInstanceOf(HttpConnection.Closed.class);
        assertThat(s.accepted).hasValue(1);
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        String big = "X-Padding: " + "a".repeat(HttpConnection.MAX_HEAD) + "\r\n";
        Loopback s = server((n, c) -> c.serveAll("HTTP/1.1 200 OK\r\n" + big + "Content-Length: 2\r\n\r\n{}"));
        assertThatThrownBy(() -> client(5000).post(s.endpoint, "/a", json("{}"), null))
                .isInstanceOf(HttpConnection.BadAnswer.class).hasMessage("malformed HTTP answer (headers longer than 65536 bytes)");
    }

    @Test
    void garbageStatusLineIsRefused() throws Exception {
        Loopback s = server((n, c) -> c.serveAll("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        assertThatThrownBy(() -> client(5000).post(s.endpoint, "/a", json("{}"), null))
                .isInstanceOf(HttpConnection.BadAnswer.class).hasMessage("malformed HTTP answer (not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.2')");
    }

    @Test
    void strictParsing() throws Exception {
        String[][] cases = {
                {"HTTP/1.1 200 OK\nContent-Length: 2\n\n{}", "a control character in the headers"},
                {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length: '-1'"},
                {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "two different Content-Length headers"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding: 'gzip'"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n", "both Content-Length and Transfer-Encoding"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size: 'zz'"},
                {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XY0\r\n\r\n", "a chunk not followed by CRLF"},
                {"HTTP/1.1 200 OK\r\n folded: header\r\n\r\n", "not a header line: ' folded: header'"},
                {"HTTP/1.1 999 What\r\n\r\n", "status 999 out of range"},
                {"HTTP/2 200\r\n\r\n", "not an HTTP/1.x status line: 'HTTP/2 200'"},
                {"HTTP/1.1 101 Switching Protocols\r\n\r\n", "status 101: a protocol switch nobody asked for"},
        };
        for (String[] c : cases) {
            Loopback s = server((n, conn) -> conn.serveAll(c[0]));
            assertThatThrownBy(() -> client(5000).post(s.endpoint, "/a", json("{}"), null)).as(c[0])
                    .isInstanceOf(HttpConnection.BadAnswer.class).hasMessage("malformed HTTP answer (" + c[1] + ")");
        }
    }

    @Test
    void interimAnswersAreSkipped() throws Exception {
        Loopback s = server((n, c) -> c.serveAll("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));
        HttpConnection.Answer a = client(5000).post(s.endpoint, "/a", json("{}"), null);
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.body()).isEmpty();
    }

    @Test
    void readTimeout() throws Exception {
        Loopback s = server((n, c) -> {
            c.request();
            c.in.read(); // never answers
        });
        assertThatThrownBy(() -> client(300).post(s.endpoint, "/a", json("{}"), null)).isInstanceOf(SocketTimeoutException.class);
        assertThat(s.accepted).hasValue(1);
    }

    @Test
    void ipv6LiteralEndpoint() throws Exception {
        InetAddress v6;
        try {
            v6 = InetAddress.getByName("::1");
            new ServerSocket(0, 1, v6).close();
        } catch (IOException e) {
            v6 = null;
        }
        assumeTrue(v6 != null, "no IPv6 loopback on this machine");
        Loopback s = new Loopback(v6, (n, c) -> c.serveAll(OK));
        toClose.add(s);
        assertThat(s.endpoint).startsWith("http://[0:0:0:0:0:0:0:1]:");
        String endpoint = "http://[::1]:" + s.server.getLocalPort();
        assertThat(text(client(5000).post(endpoint, "/a", json("{}"), null))).isEqualTo("{\"ok\":true}");
        assertThat(s.requests).singleElement().asString().contains("\r\nHost: [::1]:" + s.server.getLocalPort() + "\r\n");
    }

    private static EtcdDatastore datastore(String endpoint) {
        EtcdDatastore d = EtcdDatastore.open(new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(endpoint), null, null, null, null, null, null));
        return d;
    }

    @Test
    void theDatastoreReportsAMalformedAnswerInOneLine() throws Exception {
        Loopback s = server((n, c) -> c.serveAll("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        try (EtcdDatastore d = datastore(s.endpoint)) {
            assertThatThrownBy(() -> d.get("/calico/x")).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessage("cannot reach etcd at " + s.endpoint + ": malformed HTTP answer (not an HTTP/1.x status line: 'SSH-2.0-OpenSSH_9.2')");
        }
    }

    @Test
    void theDatastoreReportsAnErrorStatusWithTheFirstLineOfItsBody() throws Exception {
        Loopback s = server((n, c) -> c.serveAll("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10\r\netcdserver: no l\r\n11\r\neader\nsecond line\r\n0\r\n\r\n"));
        try (EtcdDatastore d = datastore(s.endpoint)) {
            assertThatThrownBy(() -> d.get("/calico/x")).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessage("etcd at " + s.endpoint + " answered 503: etcdserver: no leader");
        }
    }

    @Test
    void theDatastoreReportsAConnectionClosedWithoutAnswer() throws Exception {
        Loopback s = server((n, c) -> c.request());
        try (EtcdDatastore d = datastore(s.endpoint)) {
            assertThatThrownBy(() -> d.get("/calico/x")).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessage("cannot reach etcd at " + s.endpoint + ": the connection was closed before etcd answered");
        }
    }
}
