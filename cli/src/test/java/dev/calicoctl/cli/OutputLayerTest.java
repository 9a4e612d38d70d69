package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 6: -o chooses a printer in one place per kind of command, an unknown -o keeps
 * calicoctl's words and lists what the command accepts, and typed options refuse bad values at
 * parse time in the words each flag had.
 */
class OutputLayerTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception { cli = CliRunner.seeded(dir); }

    private void refused(String expected, String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.rc()).as(String.join(" ", args)).isEqualTo(1);
        assertThat(r.out()).as(String.join(" ", args)).isEmpty();
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo(expected + "\n");
    }

    @Test
    void anUnknownOutputFormatIsCalicoctlsLineWithTheAllowedFormats() {
        String templates = "go-template=..., go-template-file=..., jsonpath=..., jsonpath-file=...";
        refused("unrecognized output format 'xml' (allowed: yaml, json, ps, wide, custom-columns=..., " + templates + ")",
                "get", "ippools", "-o", "xml");
        for (List<String> show : List.of(List.of("ipam", "show"), List.of("ipam", "show", "--show-blocks"), List.of("ipam", "show", "--map"),
                List.of("ipam", "show", "--ip", "10.0.0.1"), List.of("ipam", "show", "--show-borrowed"), List.of("ipam", "show", "--show-configuration"),
                List.of("ipam", "audit"))) {
            String[] args = java.util.stream.Stream.concat(show.stream(), java.util.stream.Stream.of("-o", "wide")).toArray(String[]::new);
            refused("unrecognized output format 'wide' (allowed: json, yaml, " + templates + ")", args);
        }
        refused("unrecognized output format 'yaml' (allowed: plain, json)", "ipam", "assign", "--node", "n1", "-o", "yaml");
        // refused before anything is allocated
        assertThat(cli.run("ipam", "show", "-o", "json").out()).contains("\"inUse\": 0");
    }

    @Test
    void assignPrintsPlainOrJsonThroughTheSamePrinters() {
        String plain = cli.run("ipam", "assign", "--node", "n1", "--handle", "h1", "--ipv4-pools", "external-pool", "-o", "plain").out();
        assertThat(plain).matches("172\\.16\\.0\\.\\d+\n");
        String json = cli.run("ipam", "assign", "--node", "n1", "--handle", "h2", "--ipv4-pools", "external-pool", "--num4", " 2 ", "-o", "json").out();
        assertThat(json).startsWith("{\n  \"handle\": \"h2\",\n  \"ipv4\": [\n").endsWith("  \"ipv6\": []\n}\n");
    }

    @Test
    void typedOptionsRefuseBadValuesInEachFlagsWords() {
        refused("invalid value for --num4: 'two' is not a number", "ipam", "assign", "--node", "n1", "--num4", "two");
        refused("invalid value for --num6: '1.5' is not a number", "ipam", "assign", "--node", "n1", "--num6", "1.5");
        refused("--num4 and --num6 must not be negative", "ipam", "assign", "--node", "n1", "--num4", "-1");
        refused("error reading number to split IP pools into. four is not a valid number", "ipam", "split", "four", "--name", "external-pool");
        // as cobra, the argument count is checked before the value is read
        refused("accepts 1 arg(s), received 2", "ipam", "split", "four", "4");
        refused("invalid value for maxblockhost. Use a valid number", "ipam", "configure", "--max-blocks-per-host", "-3");
        refused("invalid value for maxblockhost. Use a valid number", "ipam", "configure", "--max-blocks-per-host", "many");
        refused("invalid value. Use true or false to set strictaffinity", "ipam", "configure", "--strictaffinity=yes");
        refused("unsupported patch type 'xml' (expected strategic, json or merge)",
                "patch", "ippool", "external-pool", "-p", "{\"spec\":{\"natOutgoing\":false}}", "-t", "xml");
        // pflag's Int: Go's rules for '_' and its words for a number too large
        for (String bad : List.of("_1", "1__0", "1_", "0x_", "1e3")) {
            refused("invalid argument \"" + bad + "\" for \"--ip-cooldown-seconds\" flag: strconv.ParseInt: parsing \"" + bad + "\": invalid syntax",
                    "ipam", "configure", "--ip-cooldown-seconds", bad);
        }
        refused("invalid argument \"99999999999\" for \"--ip-cooldown-seconds\" flag: strconv.ParseInt: parsing \"99999999999\": value out of range",
                "ipam", "configure", "--ip-cooldown-seconds", "99999999999");
        assertThat(cli.run("ipam", "configure", "--ip-cooldown-seconds", "1_0").out()).isEqualTo("Successfully set IPCooldownSeconds to: 10\n");
        assertThat(cli.run("ipam", "configure", "--ip-cooldown-seconds", "0x_1e").out()).isEqualTo("Successfully set IPCooldownSeconds to: 30\n");
        // accepted values reach the command typed
        assertThat(cli.run("ipam", "configure", "--strictaffinity", "T", "--ip-cooldown-seconds", "0x1e").out())
                .isEqualTo("Successfully set StrictAffinity to: true\nSuccessfully set IPCooldownSeconds to: 30\n");
        assertThat(cli.run("patch", "ippool", "external-pool", "-p", "{\"spec\":{\"natOutgoing\":false}}", "-t", "merge").out())
                .isEqualTo("Successfully patched 1 'IPPool' resource\n");
        assertThat(cli.run("ipam", "assign", "--node", "n1", "--ipv4-pools", "external-pool", "--num4", "3").out().lines().count()).isEqualTo(3);
    }

    /** One view model behind both forms: the table's rows and the JSON's are the same, owner rule included. */
    @Test
    void borrowedTableAndDataAgreeEvenForAnUnusualAffinity() throws Exception {
        cli.run("ipam", "configure", "--strictaffinity=false");
        for (int n = 0; n < 8; n++) assertThat(cli.run("ipam", "assign", "--node", "node-" + n, "--ipv4-pools", "external-pool", "--num4", "7").rc()).isZero();
        String ip = cli.run("ipam", "assign", "--node", "node-x", "--ipv4-pools", "external-pool", "--pod", "p", "--namespace", "ns").out().strip();
        var row = dev.calicoctl.model.Json.parseObject(cli.run("ipam", "show", "--show-borrowed", "-o", "json").out());
        @SuppressWarnings("unchecked") Map<String, Object> first = (Map<String, Object>) ((List<?>) row.get("borrowed")).get(0);
        String block = (String) first.get("block");
        // an affinity with more than one ':' (upstream's owner is then its first part)
        String key = "/calico/ipam/v2/assignment/ipv4/block/" + block.replace('/', '-');
        try (dev.calicoctl.datastore.Datastore ds = dev.calicoctl.datastore.local.LocalDatastore.open(dir.resolve("datastore.db"))) {
            dev.calicoctl.datastore.KeyValue kv = ds.get(key).orElseThrow();
            Map<String, Object> b = new java.util.LinkedHashMap<>(dev.calicoctl.model.Json.parseObject(kv.value()));
            b.put("affinity", "host:" + first.get("blockOwner") + ":extra");
            ds.update(key, dev.calicoctl.model.Json.write(b), kv.revision());
        }
        // upstream's owner is then "host", so the owner's own addresses count as borrowed too: in both forms alike
        String table = cli.run("ipam", "show", "--show-borrowed").out();
        var data = dev.calicoctl.model.Json.parseObject(cli.run("ipam", "show", "--show-borrowed", "-o", "json").out());
        @SuppressWarnings("unchecked") List<Object> rows = (List<Object>) data.get("borrowed");
        assertThat(rows).hasSize(8).contains(Map.of("ip", ip, "borrowingNode", "node-x", "block", block,
                "blockOwner", "host", "type", "pod", "allocatedTo", "ns/p"));
        List<String> bodyLines = table.lines().filter(l -> l.startsWith("| 172.")).toList();
        assertThat(bodyLines).hasSize(8);
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> r = (Map<?, ?>) rows.get(i);
            List<String> cells = java.util.Arrays.stream(bodyLines.get(i).split("\\|")).map(String::strip).skip(1).toList();
            assertThat(cells).containsExactly((String) r.get("ip"), (String) r.get("borrowingNode"), (String) r.get("block"),
                    (String) r.get("blockOwner"), (String) r.get("type"), (String) r.get("allocatedTo"));
        }
    }
}
