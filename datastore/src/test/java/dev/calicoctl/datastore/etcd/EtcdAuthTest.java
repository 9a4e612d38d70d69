package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd with authentication enabled (users made with etcdctl): the token goes in the Authorization header, and is renewed when etcd drops it. */
class EtcdAuthTest {
    private static void etcdctl(String endpoint, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static DatastoreConfig config(String endpoint, String user, String password) {
        return new DatastoreConfig(DatastoreConfig.ETCDV3, null, List.of(endpoint), user, password, null, null, null, null);
    }

    @Test
    void tokenSentAndRenewedAfterItExpires() throws Exception {
        try (EtcdServer etcd = EtcdServer.start(List.of("--auth-token-ttl", "1"))) {
            etcdctl(etcd.endpoint, "user", "add", "root", "--new-user-password=s3cret", "--interactive=false");
            etcdctl(etcd.endpoint, "auth", "enable");

            try (EtcdDatastore d = EtcdDatastore.open(config(etcd.endpoint, "root", "s3cret"))) {
                d.create("/calico/test/auth", "{\"n\":1}");
                assertThat(d.get("/calico/test/auth").orElseThrow().value()).isEqualTo("{\"n\":1}");
                Thread.sleep(3000); // the simple token lives one second: etcd answers "invalid auth token", the client signs in again
                assertThat(d.get("/calico/test/auth").orElseThrow().value()).isEqualTo("{\"n\":1}");
            }

            assertThatThrownBy(() -> EtcdDatastore.open(config(etcd.endpoint, "root", "wrong")))
                    .isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessageStartingWith("etcd at " + etcd.endpoint + " answered ")
                    .hasMessageContaining("authentication failed").matches(e -> !e.getMessage().contains("\n"), "one line");
            try (EtcdDatastore anonymous = EtcdDatastore.open(config(etcd.endpoint, null, null))) {
                assertThatThrownBy(() -> anonymous.get("/calico/test/auth")).isInstanceOf(DatastoreException.Unavailable.class)
                        .hasMessageStartingWith("etcd at " + etcd.endpoint + " answered ").hasMessageContaining("user name is empty");
            }
        }
    }
}
