package dev.calicoctl.cli;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Release dry runs and the audit trail, ipam show's map and data forms, suggestions, __complete, the scripted shell. */
class InspectionTest {
    /** A parsed JSON value with the few accessors these checks need. */
    record N(Object v) implements Iterable<N> {
        N get(String k) { return new N(((Map<?, ?>) v).get(k)); }
        N get(int i) { return new N(((List<?>) v).get(i)); }
        boolean has(String k) { return ((Map<?, ?>) v).containsKey(k); }
        String asText() { return String.valueOf(v); }
        long asLong() { return ((Number) v).longValue(); }
        boolean asBoolean() { return Boolean.TRUE.equals(v); }
        boolean isObject() { return v instanceof Map; }
        int size() { return v instanceof List<?> l ? l.size() : ((Map<?, ?>) v).size(); }
        @Override public java.util.Iterator<N> iterator() { return ((List<?>) v).stream().map(N::new).iterator(); }
    }

    static final class Reader {
        N readTree(String text) { return new N(Json.parse(text)); }
    }

    static final Reader JSON = new Reader();
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception {
        cli = new CliRunner(dir);
        cli.env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        Path f = dir.resolve("pools.yaml");
        Files.writeString(f, CrudCommandsTest.SEED);
        assertThat(cli.run("apply", "-f", f.toString()).rc()).isZero();
    }

    String assign(String ns, String pod, String pool) {
        CliRunner.Result r = cli.run("ipam", "assign", "--node=casey-crc-kadm-node-0", "--namespace", ns, "--pod", pod, "--ipv4-pools", pool);
        assertThat(r.rc()).as(r.err()).isZero();
        return r.out().strip();
    }

    Path auditLog() { return dir.resolve("state/calicoctl/audit.log"); }

    @Test
    void dryRunChangesNothingAndRealReleaseIsAudited() throws Exception {
        String ip = assign("external-ns", "nginx-1", "external-pool");
        CliRunner.Result dry = cli.run("ipam", "release", "--ip", ip, "--dry-run");
        assertThat(dry.rc()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Would release IP address " + ip).contains("pod external-ns/nginx-1");
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).contains("is in use");
        assertThat(auditLog()).doesNotExist();

        assertThat(cli.run("ipam", "release", "--ip", ip).rc()).isZero();
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).contains("is not assigned");
        List<String> lines = Files.readAllLines(auditLog());
        assertThat(lines).hasSize(1);
        N e = JSON.readTree(lines.get(0));
        assertThat(e.get("addresses").get(0).asText()).isEqualTo(ip);
        assertThat(e.get("command").asText()).isEqualTo("ipam release --ip");
        assertThat(e.get("result").asText()).isEqualTo("released 1 of 1");
        assertThat(e.get("datastore").asText()).startsWith("local:");
        for (String field : List.of("time", "user", "host", "handles", "reports")) assertThat(e.has(field)).as(field).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auditLog()))).isEqualTo("rw-------");

        // a release of an address nobody holds is audited too, as a failure
        assertThat(cli.run("ipam", "release", "--ip", ip).rc()).isEqualTo(1);
        assertThat(Files.readAllLines(auditLog())).hasSize(2);
        assertThat(JSON.readTree(Files.readAllLines(auditLog()).get(1)).get("result").asText()).isEqualTo("not assigned");

        CliRunner.Result audit = cli.run("ipam", "audit", "--ip", ip, "-o", "json");
        assertThat(audit.rc()).as(audit.err()).isZero();
        assertThat(JSON.readTree(audit.out()).size()).isEqualTo(2);
        assertThat(JSON.readTree(cli.run("ipam", "audit", "--ip", "10.9.9.9", "-o", "json").out()).size()).isZero();
        assertThat(JSON.readTree(cli.run("ipam", "audit", "--since", "1h", "-o", "json").out()).size()).isEqualTo(2);
        assertThat(JSON.readTree(cli.run("ipam", "audit", "--since", "2999-01-01", "-o", "json").out()).size()).isZero();
        assertThat(cli.run("ipam", "audit").out()).contains("TIME").contains(ip).contains("not assigned");
        CliRunner.Result bad = cli.run("ipam", "audit", "--since", "yesterday-ish");
        assertThat(bad.rc()).isEqualTo(1);
        assertThat(bad.err()).startsWith("invalid --since 'yesterday-ish'");
    }

    @Test
    void handleDryRunListsItsAddressesAndTheRealOneAuditsThem() throws Exception {
        CliRunner.Result r = cli.run("ipam", "assign", "--node=n1", "--handle", "h1", "--num4", "2", "--ipv4-pools", "internal-pool");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> ips = r.out().lines().map(String::strip).toList();
        CliRunner.Result dry = cli.run("ipam", "release", "--handle", "h1", "--dry-run");
        assertThat(dry.out()).contains("Would release 2 IP address(es) of handle h1:").contains(ips.get(0)).contains(ips.get(1));
        assertThat(cli.run("ipam", "show", "--ip", ips.get(0)).out()).contains("is in use");
        assertThat(cli.run("ipam", "release", "--handle", "h1").rc()).isZero();
        N e = JSON.readTree(Files.readAllLines(auditLog()).get(0));
        assertThat(e.get("handles").get(0).asText()).isEqualTo("h1");
        assertThat(e.get("addresses").size()).isEqualTo(2);
        assertThat(JSON.readTree(cli.run("ipam", "audit", "--handle", "h1", "-o", "json").out()).size()).isEqualTo(1);
    }

    @Test
    void fromReportDryRunPrintsThePlanAndWritesNothing() throws Exception {
        CliRunner.Result a = cli.run("ipam", "assign", "--node=n1", "--handle", "leaky", "--ipv4-pools", "external-pool");
        String ip = a.out().strip();
        assertThat(cli.run("datastore", "migrate", "lock").rc()).isZero();
        Path report = dir.resolve("report.json");
        assertThat(cli.run("ipam", "check", "-o", report.toString()).rc()).isZero();
        CliRunner.Result dry = cli.run("ipam", "release", "--from-report", report.toString(), "--dry-run");
        assertThat(dry.rc()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run: nothing is changed.").contains("Would release 1 IPs:").contains(ip);
        assertThat(cli.run("ipam", "show", "--ip", ip).out()).contains("is in use");
        assertThat(auditLog()).doesNotExist();
        CliRunner.Result real = cli.run("ipam", "release", "--from-report", report.toString());
        assertThat(real.rc()).as(real.err()).isZero();
        N e = JSON.readTree(Files.readAllLines(auditLog()).get(0));
        assertThat(e.get("addresses").get(0).asText()).isEqualTo(ip);
        assertThat(e.get("reports").get(0).asText()).isEqualTo(report.toAbsolutePath().toString());
    }

    @Test
    void checkDiffShowsWhatLeakedSinceTheOldReport() throws Exception {
        String first = cli.run("ipam", "assign", "--node=n1", "--handle", "old-leak", "--ipv4-pools", "external-pool").out().strip();
        Path old = dir.resolve("old.json");
        assertThat(cli.run("ipam", "check", "-o", old.toString()).rc()).isZero();
        String second = cli.run("ipam", "assign", "--node=n1", "--handle", "new-leak", "--ipv4-pools", "external-pool").out().strip();
        assertThat(cli.run("ipam", "release", "--ip", first).rc()).isZero();
        CliRunner.Result r = cli.run("ipam", "check", "--diff", old.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        String diff = r.out().substring(r.out().indexOf("Changes since"));
        assertThat(diff).contains("1 newly leaked IPs:\n    " + second + "  handle new-leak")
                .contains("1 IPs no longer leaked:\n    " + first).contains("0 IPs still leaked");
        CliRunner.Result missing = cli.run("ipam", "check", "--diff", dir.resolve("nope.json").toString());
        assertThat(missing.rc()).isEqualTo(1);
        assertThat(missing.out()).doesNotContain("Checking IPAM");
        assertThat(missing.err()).contains("no such file or directory");
    }

    /** The map rendered to a file, compared cell by cell with the blocks the data holds. */
    @Test
    void mapMatchesTheData() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assign("external-ns", "nginx-" + i, "external-pool");
            assign("internal-ns", "nginx-" + i, "internal-pool");
        }
        cli.env.put("NO_COLOR", "1");
        cli.env.put("CALICOCTL_TTY", "012");   // even on a terminal, NO_COLOR means plain ASCII
        Path file = dir.resolve("map.txt");
        Files.writeString(file, cli.run("ipam", "show", "--map", "--node", "casey-crc-kadm-node-0").out());
        String map = Files.readString(file);
        assertThat(map).doesNotContain("\u001b").contains("172.16.0.0/26").contains("192.169.0.0/24").contains("Legend:");

        N data = JSON.readTree(cli.run("ipam", "show", "--show-blocks", "-o", "json").out());
        Map<String, Integer> blocksByPool = new HashMap<>();
        for (N pool : data.get("pools")) {
            // the pool's grid: its header, then rows of cells after the row label
            List<String> lines = map.lines().toList();
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("IP pool " + pool.get("name").asText() + " ")).findFirst().orElseThrow());
            List<Character> cells = new ArrayList<>();
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("  ") && !lines.get(i).startsWith("  node "); i++) {
                String[] parts = lines.get(i).strip().split("\\s+");
                for (int j = 1; j < parts.length; j++) cells.add(parts[j].charAt(0));
            }
            String cidr = pool.get("cidr").asText();
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            assertThat(cells).hasSize(1 << (29 - prefix));
            long base = ipv4(cidr.substring(0, cidr.indexOf('/')));
            int used = 0;
            for (N b : pool.get("blocks")) {
                String bc = b.get("cidr").asText();
                int index = (int) ((ipv4(bc.substring(0, bc.indexOf('/'))) - base) >> 3);
                // the node's own partly used block: upper-case 'p'
                assertThat(cells.get(index)).as(bc).isEqualTo('P');
                assertThat(b.get("inUse").asLong()).isEqualTo(3);
                used++;
            }
            assertThat(cells.stream().filter(c -> c == '.').count()).isEqualTo(cells.size() - used);
            blocksByPool.put(pool.get("name").asText(), used);
        }
        assertThat(blocksByPool).containsEntry("external-pool", 1).containsEntry("internal-pool", 1);

        // the map's own data form agrees
        N mapData = JSON.readTree(cli.run("ipam", "show", "--map", "-o", "json").out());
        for (N pool : mapData.get("pools")) {
            long partial = 0;
            for (N c : pool.get("cells")) if (c.get("state").asText().equals("partial")) partial++;
            assertThat(partial).isEqualTo(1);
        }
        // colour only on a terminal, never with NO_COLOR, plain ASCII when piped
        cli.env.remove("NO_COLOR");
        assertThat(cli.run("ipam", "show", "--map").out()).contains("\u001b[");
        cli.env.put("CALICOCTL_TTY", "");
        assertThat(cli.run("ipam", "show", "--map").out()).doesNotContain("\u001b").contains(" p ");
    }

    @Test
    void everyIpamShowFormPrintsJsonAndYaml() throws Exception {
        String ip = assign("external-ns", "nginx-1", "external-pool");
        List<List<String>> forms = List.of(List.of(), List.of("--show-blocks"), List.of("--show-borrowed"), List.of("--show-configuration"),
                List.of("--ip", ip), List.of("--map"));
        for (List<String> form : forms) {
            for (String fmt : List.of("json", "yaml")) {
                List<String> args = new ArrayList<>(List.of("ipam", "show"));
                args.addAll(form);
                args.addAll(List.of("-o", fmt));
                CliRunner.Result r = cli.run(args.toArray(String[]::new));
                assertThat(r.rc()).as(args + r.err()).isZero();
                if (fmt.equals("json")) assertThat(JSON.readTree(r.out()).isObject()).as(args.toString()).isTrue();
                else assertThat(dev.calicoctl.model.Yaml.parseAll(r.out(), "out")).as(args.toString()).hasSize(1);
            }
        }
        N one = JSON.readTree(cli.run("ipam", "show", "--ip", ip, "-o", "json").out());
        assertThat(one.get("assigned").asBoolean()).isTrue();
        assertThat(one.get("attributes").get("pod").asText()).isEqualTo("nginx-1");
        N pools = JSON.readTree(cli.run("ipam", "show", "-o", "json").out()).get("pools");
        assertThat(pools.get(0).get("name").asText()).isEqualTo("external-pool");
        assertThat(pools.get(0).get("inUse").asLong()).isEqualTo(1);
        assertThat(pools.get(0).has("blocks")).isFalse();
        CliRunner.Result bad = cli.run("ipam", "show", "-o", "wide");
        assertThat(bad.rc()).isEqualTo(1);
        assertThat(bad.err()).contains("unrecognized output format 'wide'");
    }

    @Test
    void unknownCommandsAndFlagsSuggestTheNearest() {
        CliRunner.Result r = cli.run("gett", "ippools");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("Did you mean 'get'?");
        assertThat(cli.run("ipam", "shwo").err()).contains("Did you mean 'show'?");
        assertThat(cli.run("ipam", "show", "--show-blokcs").err()).contains("Did you mean '--show-blocks'?");
        assertThat(cli.run("get", "ippools", "--outptu=yaml").err()).contains("Did you mean '--output'?");
        assertThat(cli.run("zzzzzz").err()).doesNotContain("Did you mean");
        assertThat(cli.run("get", "ippools", "-m").err()).doesNotContain("Did you mean");
    }

    @Test
    void completeOffersKindsLiveNamesAndFiles() {
        String ip = assign("external-ns", "nginx-1", "external-pool");
        assertThat(cli.run("__complete", "--", "get", "ippool", "ex").out()).isEqualTo("external-pool\tIPPool\n:none\n");
        assertThat(cli.run("__complete", "--", "get", "ipp").out()).contains("ippools\t").contains("ippool\t");
        assertThat(cli.run("__complete", "--", "ipam", "show", "--node", "").out()).contains("casey-crc-kadm-node-0");
        assertThat(cli.run("__complete", "--", "ipam", "release", "--ip", "172.").out()).contains(ip + "\texternal-ns/nginx-1");
        assertThat(cli.run("__complete", "--", "ipam", "release", "--from-report", "").out()).isEqualTo(":files\n");
        assertThat(cli.run("__complete", "--", "ipam", "").out()).contains("show\t").contains("audit\t");
        assertThat(cli.run("__complete", "--", "get", "ippools", "--o").out()).contains("--output");
        assertThat(cli.run("--help").out()).doesNotContain("__complete");
    }

    @Test
    void shellReadsCommandsFromStdinWhenItIsNotATerminal() {
        CliRunner.Result r = cli.runWithInput("get ippools\n\n# a comment\ncalicoctl ipam show -o json\nwatch 1 get ippools\nexit 4\nget nodes\n", "shell");
        assertThat(r.out()).contains("external-pool").contains("\"pools\"");
        assertThat(r.err()).contains("line 5: watch needs a terminal");
        assertThat(r.rc()).isEqualTo(4);
        CliRunner.Result failing = cli.runWithInput("get ippool nope\n", "shell");
        assertThat(failing.rc()).isEqualTo(1);
        assertThat(failing.err()).contains("nope");
        CliRunner.Result quote = cli.runWithInput("get ippool 'external-pool\n", "shell");
        assertThat(quote.err()).contains("line 1: unterminated single quote");
    }

    @Test
    void asAKubectlPluginHelpUsesThePluginName() {
        cli.env.put("CALICOCTL_INVOKED_AS", "kubectl-calico");
        assertThat(cli.run("--help").out()).contains("Usage: kubectl-calico");
        assertThat(cli.run("get", "--help").out()).contains("kubectl-calico get");
        cli.env.put("CALICOCTL_INVOKED_AS", "calicoctl");
        assertThat(cli.run("--help").out()).contains("Usage: calicoctl");
    }

    @Test
    void showBlocksAddsBarsOnATerminalOnly() {
        assign("external-ns", "nginx-1", "external-pool");
        assign("external-ns", "nginx-2", "external-pool");
        String plain = cli.run("ipam", "show", "--show-blocks").out();
        assertThat(plain).doesNotContain("[#");
        cli.env.put("CALICOCTL_TTY", "012");
        cli.env.put("NO_COLOR", "1");
        String onTerminal = cli.run("ipam", "show", "--show-blocks").out();
        // 2 of 8 addresses: 5 of 20 cells; the table rows themselves are unchanged
        assertThat(onTerminal).contains("| [#####...............]");
        assertThat(onTerminal.replaceAll(" \\[[#r.]{20}\\]", "")).isEqualTo(plain);
        cli.env.remove("NO_COLOR");
        assertThat(cli.run("ipam", "show", "--show-blocks").out()).contains("\u001b[");
    }

    static long ipv4(String s) {
        long v = 0;
        for (String p : s.split("\\.")) v = v * 256 + Integer.parseInt(p);
        return v;
    }
}
