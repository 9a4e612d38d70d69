package dev.calicoctl.cli;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 8 items 2, 3, 9, 10 and 11: release and repair never hand an address to two pods. */
class RepairTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception { cli = CliRunner.seeded(dir); }

    String assign(String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "ipam"; args[1] = "assign"; args[2] = "--node=node-0"; args[3] = "--ipv4-pools=external-pool";
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRunner.Result r = cli.run(args);
        assertThat(r.rc()).as(r.err()).isZero();
        return r.out().strip();
    }

    // item 2
    @Test
    void releaseByHandleAlsoFreesThePodsEndpoint() {
        String ip = assign("--namespace", "ns", "--pod", "a", "--handle", "h-a");
        assertThat(cli.run("ipam", "release", "--handle", "h-a").out()).isEqualTo("Successfully released 1 IP address(es) of handle h-a\n");
        assertThat(cli.run("get", "workloadendpoints", "-A", "-o", "custom-columns=NAME").out()).isEqualTo("NAME   \n\n"); // custom-columns: no NAMESPACE column, as upstream
        String next = assign("--namespace", "ns", "--pod", "b", "--handle", "h-b");
        assertThat(next).isEqualTo(ip); // the address is free again, and only pod b holds it
        CliRunner.Result check = cli.run("ipam", "check", "--show-problem-ips");
        assertThat(check.out()).doesNotContain("multiple owners").contains("Check complete; found 0 problems.");
    }

    @Test
    void ipAndHandleTogetherAreRefused() {
        String ip = assign("--handle", "h");
        CliRunner.Result r = cli.run("ipam", "release", "--ip", ip, "--handle", "h");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("--ip and --handle cannot be used together\n");
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).contains("is in use");
    }

    // item 3: a leaked-handle entry with revision 0 must not delete a handle a pod uses
    @Test
    void reportRevisionsAreComparedExactlyAndReportsDecodedStrictly() throws Exception {
        assign("--namespace", "ns", "--pod", "a", "--handle", "h-a");
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        Path report = dir.resolve("report.json");
        assertThat(cli.run("ipam", "check", "-o", report.toString()).rc()).isZero();
        Map<String, Object> r = Json.parseObject(Files.readString(report));
        r.put("leakedHandles", List.of(Map.of("ID", "h-a", "Revision", "0")));
        Files.writeString(report, Json.writeIndented(r));
        CliRunner.Result rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).as(rel.err()).isZero();
        assertThat(rel.out()).contains("Released 0 handles; 1 skipped; 0 errors.");
        assertThat(cli.run("ipam", "check").out()).contains("Check complete; found 0 problems.");

        // a non-numeric sequence number is not "absent": the report is refused
        Map<String, Object> bad = Json.parseObject(Files.readString(report));
        @SuppressWarnings("unchecked") Map<String, Object> first = (Map<String, Object>) ((List<?>) ((Map<?, ?>) bad.get("allocations")).values().iterator().next()).get(0);
        first.put("sequenceNumber", "7");
        Files.writeString(report, Json.writeIndented(bad));
        rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).isEqualTo(1);
        assertThat(rel.err()).startsWith("the provided report (" + report + ") is not a valid ipam check report: field \"sequenceNumber\" must be a whole number, not a string at line ");
        assertThat(rel.err().lines().count()).isEqualTo(1);
        for (String junk : new String[]{"{\"allocations\": {\"10.0.0.1\": [null]}}", "{\"version\": 3}", "{\"extra\": 1}",
                "{\"leakedHandles\": [{\"ID\": \"x\", \"Revision\": \"abc\"}]}", "[]", "\u0000\u00ff"}) {
            Files.writeString(report, junk);
            rel = cli.run("ipam", "release", "--from-report", report.toString());
            assertThat(rel.rc()).as(junk).isEqualTo(1);
            assertThat(rel.err()).as(junk).startsWith("the provided report (" + report + ") is not a valid ipam check report: ").doesNotContain("Exception");
            assertThat(rel.err().lines().count()).as(junk).isEqualTo(1);
        }
        Files.write(report, new byte[]{'{', '"', 'v', (byte) 0xc3, '"', ':', '1', '}'});
        rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.err()).contains("not a valid ipam check report: invalid JSON at line 1").doesNotContain("Input length");
    }

    @Test
    void aMissingHandleIsCountedAsAProblem() throws Exception {
        assign("--namespace", "ns", "--pod", "a", "--handle", "h-a");
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            ds.delete("/calico/ipam/v2/handle/h-a", 0);
        }
        CliRunner.Result check = cli.run("ipam", "check");
        assertThat(check.out()).contains("Found 1 handles mentioned in blocks with no matching handle resource.")
                .contains("Check complete; found 1 problems.");
    }

    // item 9: the report goes to a new private file; a planted symlink is replaced, not followed
    @Test
    void reportIsANewPrivateFileNeverWrittenThroughASymlink() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        Path report = dir.resolve("shared-report.json");
        Files.createSymbolicLink(report, victim);
        assertThat(cli.run("ipam", "check", "-o", report.toString()).rc()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(report)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
        assertThat(Json.parseObject(Files.readString(report))).containsKey("allocations");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    // item 10: an unwritable report path says why, before the scan
    @Test
    void unwritableReportPathIsNamed() {
        CliRunner.Result r = cli.run("ipam", "check", "-o", dir.resolve("no/such/dir/report.json").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("cannot write report " + dir.resolve("no/such/dir/report.json") + ": no such directory " + dir.resolve("no/such/dir") + "\n");
        assertThat(r.out()).isEmpty();
    }

    // item 11: the order that works is lock, check -o, release --from-report, unlock
    @Test
    void repairOrderLockThenCheckThenRelease() throws Exception {
        assign("--handle", "orphan", "--num4", "2");
        Path early = dir.resolve("early.json");
        CliRunner.Result unlockedCheck = cli.run("ipam", "check", "-o", early.toString());
        assertThat(unlockedCheck.err()).contains("lock it (calicoctl datastore migrate lock), run ipam check -o again");
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        assertThat(cli.run("ipam", "release", "--from-report", early.toString()).err()).startsWith("the provided reports are all stale");
        Path report = dir.resolve("report.json");
        CliRunner.Result lockedCheck = cli.run("ipam", "check", "-o", report.toString());
        assertThat(lockedCheck.err()).isEmpty();
        CliRunner.Result rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).as(rel.err()).isZero();
        assertThat(rel.out()).startsWith("Releasing 2 old IPs...\nReleased 2 IPs successfully\n");
        assertThat(cli.run("datastore", "migrate", "unlock").rc()).isZero();
        assertThat(cli.run("ipam", "check").out()).contains("Check complete; found 0 problems.");
    }

    // A process killed between its handle write and its block write (the order on backends without
    // atomic commits) can leave one handle with a stale count in one block and leaked addresses in
    // another: one report must repair both, so counts are corrected before addresses are released.
    @Test
    void oneHandleWithAStaleCountAndLeakedAddressesIsRepairedByOneReport() throws Exception {
        assign("--handle", "h-crash", "--num4", "2");
        String key = "/calico/ipam/v2/handle/h-crash";
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            dev.calicoctl.datastore.KeyValue kv = ds.get(key).orElseThrow();
            Map<String, Object> handle = new java.util.LinkedHashMap<>(Json.parseObject(kv.value()));
            @SuppressWarnings("unchecked")
            Map<String, Object> blocks = new java.util.LinkedHashMap<>((Map<String, Object>) handle.get("block"));
            String ghost = blocks.containsKey("172.16.0.0/29") ? "172.16.0.8/29" : "172.16.0.0/29";
            blocks.put(ghost, 3); // counted, but the block write never happened
            handle.put("block", blocks);
            ds.update(key, Json.write(handle), kv.revision());
        }
        assertThat(cli.run("ipam", "check").out()).contains("Found 1 handles whose counts do not match their allocations.");
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        Path report = dir.resolve("crash-report.json");
        assertThat(cli.run("ipam", "check", "-o", report.toString()).rc()).isZero();
        CliRunner.Result rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).as(rel.err()).isZero();
        assertThat(rel.out()).contains("Corrected 1 handle counts; 0 skipped").contains("Released 2 IPs successfully");
        assertThat(cli.run("datastore", "migrate", "unlock").rc()).isZero();
        assertThat(cli.run("ipam", "check").out()).contains("Check complete; found 0 problems.");
    }
}
