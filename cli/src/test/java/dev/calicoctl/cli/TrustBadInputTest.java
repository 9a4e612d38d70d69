package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 8 items 5, 6, 7, 8 and 10: inputs that used to end in an exception, a leak or a wrong message. */
class TrustBadInputTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception { cli = CliRunner.seeded(dir); }

    private void oneLine(CliRunner.Result r, String expected) {
        assertThat(r.rc()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("java.");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    // item 5
    @Test
    void missingArgumentsAndBadEndpointsAreOneLine() throws Exception {
        oneLine(cli.run("label", "ippool", "external-pool"), "requires at least 3 arg(s), only received 2"); // cobra's words
        oneLine(cli.run("patch", "ippool", "-p", "{}"), "accepts 2 arg(s), received 1");
        cli.env.put("DATASTORE_TYPE", "etcdv3");
        String[][] endpoints = {{"not a url", "not a URL"}, {"ftp://127.0.0.1:2379", "scheme must be http or https"},
                {"http://127.0.0.1:70000", "out of range"}, {"http://127.0.0.1:abc", "no host, or a port that is not a number"},
                {"localhost:2379", "scheme must be http or https"}};
        for (String[] e : endpoints) {
            cli.env.put("ETCD_ENDPOINTS", e[0]);
            oneLine(cli.run("get", "ippools"), e[1]);
        }
        cli.env.put("ETCD_ENDPOINTS", "https://127.0.0.1:9");
        cli.env.put("ETCD_CA_CERT_FILE", dir.resolve("missing-ca.pem").toString());
        oneLine(cli.run("get", "ippools"), "etcd CA certificate file (etcdCACertFile) " + dir.resolve("missing-ca.pem") + ": no such file or directory");
    }

    // item 6
    @Test
    void emptyOrForeignDatabaseFilesAreRefusedUntouched() throws Exception {
        Path empty = dir.resolve("empty.db");
        Files.createFile(empty);
        cli.env.put("CALICOCTL_LOCAL_DB", empty.toString());
        oneLine(cli.run("get", "ippools"), "is an empty file (0 bytes), not a calicoctl datastore");
        assertThat(Files.size(empty)).isZero();

        Path foreign = dir.resolve("app.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign); var st = c.createStatement()) {
            st.execute("CREATE TABLE notes (t TEXT)");
            st.execute("INSERT INTO notes VALUES ('mine')");
        }
        byte[] before = Files.readAllBytes(foreign);
        cli.env.put("CALICOCTL_LOCAL_DB", foreign.toString());
        oneLine(cli.run("get", "ippools"), "without calicoctl's schema");
        assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
    }

    @Test
    void anUndecodableValueNamesItsKey() throws Exception {
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            ds.create("/calico/ipam/v2/assignment/ipv4/block/10.9.0.0-26", "[1,2]");
        }
        oneLine(cli.run("ipam", "show", "--show-blocks"), "/calico/ipam/v2/assignment/ipv4/block/10.9.0.0-26");
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            var kv = ds.get("/calico/resources/v3/projectcalico.org/ippools/external-pool").orElseThrow();
            ds.update(kv.key(), "{not json", kv.revision());
        }
        oneLine(cli.run("get", "ippools"), "cannot decode the stored value of /calico/resources/v3/projectcalico.org/ippools/external-pool");
    }

    // item 7: nothing is allocated for a request that is refused
    @Test
    void assignChecksEveryInputBeforeAllocating() {
        String before = cli.run("ipam", "show", "--show-blocks").out();
        String[][] cases = {
                {"invalid value for --namespace", "--node", "n1", "--namespace", "Bad_NS", "--pod", "p"},
                {"invalid value for --node", "--node", "a/b"},
                {"invalid value for --node", "--node", "Node-1"},
                {"invalid value for --handle", "--node", "n1", "--handle", "x/../y"},
                {"invalid value for --pod", "--node", "n1", "--pod", "P!"},
                {"expected a JSON array of pool names", "--node", "n1", "--ipv4-pools", "[1]"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 1];
            args[0] = "ipam"; args[1] = "assign";
            System.arraycopy(c, 1, args, 2, c.length - 1);
            oneLine(cli.run(args), c[0]);
        }
        assertThat(cli.run("ipam", "show", "--show-blocks").out()).isEqualTo(before);
        assertThat(cli.run("ipam", "check").out()).contains("Check complete; found 0 problems.");
    }

    // item 8: the 32 MiB cap holds for files without a size
    @Test
    void inputCapHoldsForDevicesAndPipes() {
        oneLine(cli.run("apply", "-f", "/dev/zero"), "over the 33554432-byte limit");
    }

    // item 10 (a read-only -shm file is named, not the database) is LauncherTrustIT#readOnlyShmIsNamedNotTheDatabase:
    // file modes bind only a user other than root, so it runs the launcher as nobody (uid 65534) through setpriv.
}
