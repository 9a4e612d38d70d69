package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The etcd client's TLS against a loopback TLS server written here, with certificates made by
 * openssl: the server's certificate is checked against the endpoint's host name or address (as
 * HttpsURLConnection checked it), and host names go as SNI.
 */
class EtcdHttpTlsTest {
    @TempDir Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** The SNI names each connection's client asked for. */
    private final List<List<SNIServerName>> sni = Collections.synchronizedList(new ArrayList<>());

    @AfterEach void closeAll() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }

    /** A CA, and a server certificate it signed for {@code subjectAltName}. */
    private void certificates(String subjectAltName) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=server");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "san.ext");
    }

    private String p(String f) { return dir.resolve(f).toString(); }

    /** A TLS server on 127.0.0.1 with the server certificate, answering every request with an empty JSON object. */
    private EtcdHttpTest.Loopback tlsServer() throws Exception {
        javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) Tls.context(null, p("server.pem"), p("server-key.pem"))
                .getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        EtcdHttpTest.Loopback l = new EtcdHttpTest.Loopback(server, "https", (n, c) -> {
            SSLSocket s = (SSLSocket) c.socket;
            s.startHandshake();
            sni.add(((ExtendedSSLSession) s.getSession()).getRequestedServerNames());
            c.serveAll("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        });
        toClose.add(l);
        return l;
    }

    private EtcdHttp client() {
        EtcdHttp h = new EtcdHttp(Tls.context(p("ca.pem"), null, null).getSocketFactory(), 5000, 5000);
        toClose.add(h);
        return h;
    }

    private static byte[] json(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void hostNamesAreVerifiedAndSentAsSni() throws Exception {
        certificates("DNS:localhost,IP:127.0.0.1");
        EtcdHttpTest.Loopback s = tlsServer();
        EtcdHttp h = client();
        int port = s.server.getLocalPort();
        assertThat(new String(h.post("https://localhost:" + port, "/v3/kv/range", json("{}"), null).body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(new String(h.post("https://127.0.0.1:" + port, "/v3/kv/range", json("{}"), null).body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(sni).containsExactly(List.of(new SNIHostName("localhost")), List.of()); // an address is never sent as SNI
        assertThat(s.requests.get(0)).contains("\r\nHost: localhost:" + port + "\r\n");
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        certificates("DNS:etcd.example.com");
        EtcdHttpTest.Loopback s = tlsServer();
        int port = s.server.getLocalPort();
        assertThatThrownBy(() -> client().post("https://localhost:" + port, "/v3/kv/range", json("{}"), null))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
        DatastoreConfig byAddress = new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(s.endpoint), null, null, null, null, p("ca.pem"), null);
        try (EtcdDatastore d = EtcdDatastore.open(byAddress)) {
            assertThatThrownBy(() -> d.get("/calico/x")).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessageStartingWith("cannot reach etcd at " + s.endpoint + ": TLS handshake failed (")
                    .hasMessageContaining("127.0.0.1");
        }
        assertThat(s.requests).isEmpty();
    }
}
