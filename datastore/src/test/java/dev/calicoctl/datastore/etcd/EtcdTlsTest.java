package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd with TLS and client-certificate authentication, certificates made here with openssl. */
class EtcdTlsTest {
    @TempDir Path dir;

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }

    private void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        java.nio.file.Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        for (String who : new String[]{"server", "client"}) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + "-key.pem", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", who + ".pem",
                    "-days", "2", "-extfile", "san.ext");
        }
    }

    private String p(String f) { return dir.resolve(f).toString(); }

    @Test
    void clientCertificatesAreRequiredAndUsed() throws Exception {
        makeCertificates();
        try (EtcdServer etcd = EtcdServer.start(List.of("--cert-file", p("server.pem"), "--key-file", p("server-key.pem"),
                "--client-cert-auth", "--trusted-ca-file", p("ca.pem")))) {
            DatastoreConfig withCert = new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(etcd.endpoint), null, null,
                    p("client-key.pem"), p("client.pem"), p("ca.pem"), null);
            Datastore d = null;
            for (int i = 0; i < 50 && d == null; i++) { // etcd may still be starting
                try {
                    Datastore probe = EtcdDatastore.open(withCert);
                    probe.list("/");
                    d = probe;
                } catch (DatastoreException.Unavailable e) {
                    Thread.sleep(200);
                }
            }
            assertThat(d).as("etcd with TLS did not come up").isNotNull();
            d.create("/calico/test/tls", "{\"ok\":true}");
            assertThat(d.get("/calico/test/tls").orElseThrow().value()).isEqualTo("{\"ok\":true}");

            DatastoreConfig noCert = new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(etcd.endpoint), null, null,
                    null, null, p("ca.pem"), null);
            assertThatThrownBy(() -> EtcdDatastore.open(noCert).get("/calico/test/tls"))
                    .isInstanceOf(DatastoreException.Unavailable.class).hasMessageStartingWith("cannot reach etcd at " + etcd.endpoint)
                    .hasMessageContaining("client certificate"); // issue 8 item 10: not "Error writing request body to server"
            DatastoreConfig wrongCa = new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(etcd.endpoint), null, null,
                    p("client-key.pem"), p("client.pem"), p("client.pem"), null);
            assertThatThrownBy(() -> EtcdDatastore.open(wrongCa).get("/calico/test/tls"))
                    .isInstanceOf(DatastoreException.Unavailable.class).hasMessageContaining("TLS");
        }
    }
}
