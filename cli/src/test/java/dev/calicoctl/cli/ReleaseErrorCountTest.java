package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 item 7: `ipam release --from-report` counts the handles it could not delete, as calicoctl. */
class ReleaseErrorCountTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception { cli = CliRunner.seeded(dir); }

    @Test
    void aHandleThatCannotBeReadIsAnErrorAndTheOthersAreStillDeleted() throws Exception {
        // two leaked handles (no address refers to them); one becomes unreadable after the report
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            ds.create("/calico/ipam/v2/handle/h-good", "{\"block\":{}}");
            ds.create("/calico/ipam/v2/handle/h-bad", "{\"block\":{}}");
        }
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        Path report = dir.resolve("report.json");
        CliRunner.Result check = cli.run("ipam", "check", "-o", report.toString());
        assertThat(check.rc()).as(check.err()).isZero();
        assertThat(check.out()).contains("Found 2 handles with no matching IPs");
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            dev.calicoctl.datastore.KeyValue kv = ds.get("/calico/ipam/v2/handle/h-bad").orElseThrow();
            ds.update(kv.key(), "[\"not a handle\"]", kv.revision());
        }

        CliRunner.Result rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).as(rel.err()).isZero();
        assertThat(rel.out()).contains("Deleting 2 handles...\n")
                .contains("\nDeleting handle h-bad failed: IPAM handle h-bad is not a JSON object.\n")
                .contains("Released 1 handles; 0 skipped; 1 errors.\n");
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            assertThat(ds.get("/calico/ipam/v2/handle/h-good")).isEmpty();
            assertThat(ds.get("/calico/ipam/v2/handle/h-bad")).isPresent();
        }
    }
}
