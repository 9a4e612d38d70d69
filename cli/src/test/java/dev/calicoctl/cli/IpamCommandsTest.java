package dev.calicoctl.cli;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IpamCommandsTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception { cli = CliRunner.seeded(dir); }

    String assign(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "ipam"; args[1] = "assign"; args[2] = "--node=casey-crc-kadm-node-0";
        System.arraycopy(extra, 0, args, 3, extra.length);
        CliRunner.Result r = cli.run(args);
        assertThat(r.rc()).as(r.err()).isZero();
        return r.out().strip();
    }

    @Test
    void seedArticleScenario() {
        for (int i = 1; i <= 3; i++) {
            assertThat(assign("--namespace", "external-ns", "--pod", "nginx-" + i, "--ipv4-pools", "external-pool")).startsWith("172.16.0.");
            assertThat(assign("--namespace", "internal-ns", "--pod", "nginx-" + i, "--ipv4-pools", "[\"internal-pool\"]")).startsWith("192.169.0.");
        }
        String show = cli.run("ipam", "show", "--show-blocks").out();
        assertThat(show).startsWith("+----------+").contains("| GROUPING | CIDR ")
                .containsPattern("\\| IP Pool  \\| 172\\.16\\.0\\.0/26 +\\| +64 \\| +3 \\(5%\\) \\| +0 \\(0%\\) \\| +61 \\(95%\\) \\|")
                .containsPattern("\\| Block +\\| 172\\.16\\.0\\.\\d+/29 +\\| +8 \\| +3 \\(38%\\) \\|")
                .containsPattern("\\| Block +\\| 192\\.169\\.0\\.\\d+/29 +\\|");
        CliRunner.Result check = cli.run("ipam", "check");
        assertThat(check.out()).contains("Found 6 workload IPs.").contains("Check complete; found 0 problems.");
    }

    @Test
    void showIpAndRelease() {
        String ip = assign("--namespace", "external-ns", "--pod", "nginx-1", "--handle", "k8s-pod-network.abc");
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).isEqualTo("IP " + ip + " is in use\nHandle ID: k8s-pod-network.abc\n"
                + "Active Owner Attributes:\n  namespace: external-ns\n  node: casey-crc-kadm-node-0\n  pod: nginx-1\n  timestamp: "
                + cli.run("ipam", "show", "--ip", ip).out().split("timestamp: ")[1]);
        assertThat(cli.run("ipam", "release", "--ip", ip).out()).isEqualTo("Successfully released IP address " + ip + "\n");
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).isEqualTo(ip + " is not assigned\n");
        CliRunner.Result again = cli.run("ipam", "release", "--ip", ip);
        assertThat(again.rc()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("IP address " + ip + " is not assigned\n");
        // custom columns never gain a NAMESPACE column (upstream passes no namespace flag to that printer)
        assertThat(cli.run("get", "workloadendpoints", "-A", "-o", "custom-columns=NAME").out()).isEqualTo("NAME   \n\n");
    }

    @Test
    void jsonOutputSpecificIpAndHandleRelease() {
        CliRunner.Result r = cli.run("ipam", "assign", "--node", "n1", "--handle", "h1", "--num4", "3", "-o", "json");
        Map<String, Object> m = Json.parseObject(r.out());
        assertThat((List<?>) m.get("ipv4")).hasSize(3);
        assertThat(assign("--ip", "192.169.0.200", "--handle", "h1")).isEqualTo("192.169.0.200");
        assertThat(cli.run("ipam", "release", "--handle", "h1").out()).isEqualTo("Successfully released 4 IP address(es) of handle h1\n");
    }

    @Test
    void badInputIsAOneLineErrorAndChangesNothing() throws Exception {
        assign("--handle", "keep");
        String before = cli.run("ipam", "show", "--show-blocks").out();
        String[][] cases = {
                {"the given pool (nosuch) does not exist, or is not enabled", "ipam", "assign", "--node", "n1", "--ipv4-pools", "nosuch"},
                {"Assigned 63 out of 65 requested IPv4 addresses; No IPs available in pools: [172.16.0.0/26]", "ipam", "assign", "--node", "n1", "--ipv4-pools", "external-pool", "--num4", "65"},
                {"The provided IP address 10.99.0.1 is not in a configured pool", "ipam", "assign", "--node", "n1", "--ip", "10.99.0.1"},
                {"IP address 172.16.0.63 is not assigned", "ipam", "release", "--ip", "172.16.0.63"},
                {"Invalid IP address specified: 300.1.1.1", "ipam", "release", "--ip", "300.1.1.1"},
                {"number to split CIDR into is not a valid power of 2: 3", "ipam", "split", "3", "--name", "external-pool"},
                {"invalid value. Use true or false to set strictaffinity", "ipam", "configure", "--strictaffinity", "maybe"},
                {"MaxBlocksPerHost requires StrictAffinity to be enabled", "ipam", "configure", "--max-blocks-per-host", "4"},
        };
        cli.run("datastore", "migrate", "lock");
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRunner.Result r = cli.run(args);
            assertThat(r.rc()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).contains(c[0]);
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("Exception");
            assertThat(cli.run("ipam", "show", "--show-blocks").out()).as("unchanged after " + String.join(" ", args)).isEqualTo(before);
        }
        Path malformed = dir.resolve("bad.json");
        Files.writeString(malformed, "{\"allocations\": [");
        CliRunner.Result r = cli.run("ipam", "release", "--from-report", malformed.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).startsWith("the provided report (" + malformed + ") is not a valid ipam check report");
    }

    @Test
    void checkReportAndReleaseFromReport() throws Exception {
        assign("--handle", "orphan-1", "--num4", "2");        // no pod: no WorkloadEndpoint, so "not in use"
        assign("--pod", "web", "--namespace", "prod");        // in use
        Path report = dir.resolve("report.json");
        CliRunner.Result check = cli.run("ipam", "check", "-o", report.toString(), "--show-problem-ips");
        assertThat(check.out()).contains("Found 2 IPs that are allocated in IPAM but not actually in use.")
                .contains(" leaked; attrs Main:orphan-1 Extra:node=casey-crc-kadm-node-0,timestamp=")
                .contains("Check complete; found 2 problems.");
        Map<String, Object> rep = Json.parseObject(Files.readString(report));
        assertThat(rep).containsKeys("version", "clusterGUID", "datastoreLocked", "clusterInformationRevision", "clusterType", "allocations");

        CliRunner.Result notLocked = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(notLocked.err()).isEqualTo("data store is not locked. Either lock the data store, or re-run with --force\n");
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        CliRunner.Result stale = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(stale.err()).startsWith("the provided reports are all stale");

        cli.run("ipam", "check", "-o", report.toString());
        CliRunner.Result rel = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(rel.rc()).as(rel.err()).isZero();
        assertThat(rel.out()).isEqualTo("Releasing 2 old IPs...\nReleased 2 IPs successfully\nReport didn't contain any handles to clean up.\nYou may now unlock the data store.\n");
        assertThat(cli.run("datastore", "migrate", "unlock").rc()).isZero();
        assertThat(cli.run("ipam", "check").out()).contains("Check complete; found 0 problems.");

        Map<String, Object> tampered = Json.parseObject(Files.readString(report));
        tampered.put("clusterGUID", "someone-else");
        Files.writeString(report, Json.write(tampered));
        assertThat(cli.run("ipam", "release", "--from-report", report.toString()).err())
                .startsWith("cluster does not match the provided report (" + report + "): mismatched cluster GUID. Refusing to release");
    }

    @Test
    void splitAndConfigure() {
        assertThat(cli.run("ipam", "split", "2", "--name", "internal-pool").err()).startsWith("datastore is not locked.");
        cli.run("datastore", "migrate", "lock");
        CliRunner.Result r = cli.run("ipam", "split", "2", "--name", "internal-pool");
        assertThat(r.out()).isEqualTo("IP Pool internal-pool was successfully split into 2 smaller pools.\n"
                + "Created split-internal-pool-0 with CIDR 192.169.0.0/25.\nCreated split-internal-pool-1 with CIDR 192.169.0.128/25.\n"
                + "Please refer to the documentation for final steps.\n");
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=NAME,CIDR").out()).contains("split-internal-pool-1   192.169.0.128/25").doesNotContain("internal-pool ");
        assertThat(cli.run("ipam", "split", "64", "--name", "external-pool").err()).startsWith("the CIDR 172.16.0.0/26 is not large enough to be split into 64 parts");

        assertThat(cli.run("ipam", "configure", "--strictaffinity=true").out()).isEqualTo("Successfully set StrictAffinity to: true\n");
        assertThat(cli.run("ipam", "configure", "--max-blocks-per-host", "4").out()).isEqualTo("Successfully set MaxBlocksPerHost to: 4\n");
        assertThat(cli.run("ipam", "show", "--show-configuration").out()).isEqualTo("""
                +------------------------------+-----------+
                | PROPERTY                     | VALUE     |
                +------------------------------+-----------+
                | StrictAffinity               | true      |
                | AutoAllocateBlocks           | true      |
                | MaxBlocksPerHost             | 4         |
                | KubeVirtVMAddressPersistence | "Enabled" |
                | IPCooldownSeconds            | 0         |
                +------------------------------+-----------+
                """);
    }

    @Test
    void configureEveryFieldAndShowIt() {
        assertThat(cli.run("ipam", "show", "--show-configuration").out()).contains("| StrictAffinity               | false     |")
                .contains("| KubeVirtVMAddressPersistence | \"Enabled\" |").contains("| IPCooldownSeconds            | 0         |");
        assertThat(cli.run("ipam", "configure", "--kubevirt-ip-persistence", "Disabled", "--ip-cooldown-seconds", "30", "--strictaffinity", "T").out())
                .isEqualTo("Successfully set StrictAffinity to: true\nSuccessfully set KubeVirtVMAddressPersistence to: Disabled\n"
                        + "Successfully set IPCooldownSeconds to: 30\n");
        assertThat(cli.run("ipam", "show", "--show-configuration").out()).isEqualTo("""
                +------------------------------+------------+
                | PROPERTY                     | VALUE      |
                +------------------------------+------------+
                | StrictAffinity               | true       |
                | AutoAllocateBlocks           | true       |
                | MaxBlocksPerHost             | 0          |
                | KubeVirtVMAddressPersistence | "Disabled" |
                | IPCooldownSeconds            | 30         |
                +------------------------------+------------+
                """);
        assertThat(cli.run("ipam", "show", "--show-configuration", "-o", "json").out()).isEqualTo("""
                {
                  "strictAffinity": true,
                  "autoAllocateBlocks": true,
                  "maxBlocksPerHost": 0,
                  "kubeVirtVMAddressPersistence": "Disabled",
                  "ipCooldownSeconds": 30
                }
                """);
        assertThat(cli.run("ipam", "show", "--show-configuration", "-o", "yaml").out())
                .contains("kubeVirtVMAddressPersistence: Disabled\n").contains("ipCooldownSeconds: 30\n");
        // a negative cooldown means "not given", as upstream's -1 default
        assertThat(cli.run("ipam", "configure", "--ip-cooldown-seconds", "-1").err()).isEqualTo("at least one configuration option must be specified\n");
        assertThat(cli.run("ipam", "configure", "--kubevirt-ip-persistence", "enabled").err())
                .isEqualTo("invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled\n");
        assertThat(cli.run("ipam", "configure", "--ip-cooldown-seconds", "soon").err())
                .isEqualTo("invalid argument \"soon\" for \"--ip-cooldown-seconds\" flag: strconv.ParseInt: parsing \"soon\": invalid syntax\n");
        assertThat(cli.run("ipam", "configure", "--ip-cooldown-seconds", "5000").err()).isEqualTo("error: ipCooldownSeconds must be between 0 and 1200\n");
    }

    @Test
    void releasedAddressesCoolDownAndCheckDoesNotCallThemLeaks() throws Exception {
        cli.run("ipam", "configure", "--ip-cooldown-seconds", "600");
        String ip = assign("--ipv4-pools", "external-pool", "--handle", "h1");
        assertThat(cli.run("ipam", "release", "--ip", ip).out()).isEqualTo("Successfully released IP address " + ip + "\n");
        CliRunner.Result show = cli.run("ipam", "show", "--ip", ip);
        assertThat(show.rc()).isEqualTo(1);
        assertThat(show.err()).isEqualTo("address " + ip + " is in cooldown\n");
        assertThat(cli.run("ipam", "release", "--ip", ip).err()).isEqualTo("IP address " + ip + " is not assigned\n");
        assertThat(assign("--ipv4-pools", "external-pool", "--handle", "h2")).isNotEqualTo(ip);
        Path report = dir.resolve("cool.json");
        CliRunner.Result check = cli.run("ipam", "check", "--show-all-ips", "-o", report.toString());
        assertThat(check.out()).contains("  " + ip + " allocated; attrs Main:<none> Extra:\n")
                .contains("Found 1 IPs that are allocated in IPAM but not actually in use.");
        Map<String, Object> r = Json.parseObject(Files.readString(report));
        @SuppressWarnings("unchecked") List<Map<String, Object>> allocs = (List<Map<String, Object>>) ((Map<String, Object>) r.get("allocations")).get(ip);
        assertThat(allocs).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("coolingDown", true).containsEntry("inUse", false).doesNotContainKey("handle");
        });
    }

    @Test
    void borrowedAddressesAreShown() {
        cli.run("ipam", "configure", "--strictaffinity=false");
        // fill the external pool's eight /29 blocks from eight nodes, then borrow from node-x
        for (int n = 0; n < 8; n++) {
            CliRunner.Result r = cli.run("ipam", "assign", "--node", "node-" + n, "--ipv4-pools", "external-pool", "--num4", "7");
            assertThat(r.rc()).as(r.err()).isZero();
        }
        CliRunner.Result b = cli.run("ipam", "assign", "--node", "node-x", "--ipv4-pools", "external-pool", "--pod", "p", "--namespace", "ns");
        assertThat(b.rc()).as(b.err()).isZero();
        String out = cli.run("ipam", "show", "--show-borrowed").out();
        assertThat(out).contains("| IP ").contains("BORROWING-NODE").containsPattern("\\| " + b.out().strip().replace(".", "\\.") + " +\\| node-x +\\| 172\\.16\\.0\\.\\d+/29 +\\| node-\\d +\\| pod +\\| ns/p +\\|");
    }
}
