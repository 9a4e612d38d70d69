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

class CrudCommandsTest {
    static final String SEED = """
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata:
              name: external-pool
            spec:
              cidr: 172.16.0.0/26
              blockSize: 29
              ipipMode: Always
              natOutgoing: true

            ---


            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata:
              name: internal-pool
            spec:
              cidr: 192.169.0.0/24
              blockSize: 29
              ipipMode: Always
              natOutgoing: true
            """;

    @TempDir Path dir;
    CliRunner cli;
    Path pools;

    @BeforeEach void setUp() throws Exception {
        cli = new CliRunner(dir);
        pools = dir.resolve("pools.yaml");
        Files.writeString(pools, SEED);
    }

    @Test
    void seedScenarioApplyGetDelete() {
        CliRunner.Result r = cli.run("apply", "-f", pools.toString());
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("Successfully applied 2 'IPPool' resource(s)\n");

        // calicoctl's tabwriter pads every cell, the last one too
        assertThat(cli.run("get", "ippools").out()).isEqualTo("""
                NAME            CIDR             SELECTOR  \s
                external-pool   172.16.0.0/26    all()     \s
                internal-pool   192.169.0.0/24   all()     \s

                """);
        assertThat(cli.run("get", "ippools", "-o", "wide").out()).startsWith(
                "NAME            CIDR             NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR   ASSIGNMENTMODE   \n"
                + "external-pool   172.16.0.0/26    true   Always     Never       false      false              all()      Automatic        \n");

        String yaml = cli.run("get", "ippool", "external-pool", "-o", "yaml").out();
        assertThat(yaml).startsWith("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  creationTimestamp: \"")
                .contains("  name: external-pool\n  resourceVersion: \"")
                .endsWith("spec:\n  allowedUses:\n  - Workload\n  - Tunnel\n  assignmentMode: Automatic\n  blockSize: 29\n"
                        + "  cidr: 172.16.0.0/26\n  ipipMode: Always\n  natOutgoing: true\n  nodeSelector: all()\n  vxlanMode: Never\n");

        Map<String, Object> json = Json.parseObject(cli.run("get", "ippools", "-o", "json").out());
        assertThat(json.get("kind")).isEqualTo("IPPoolList");
        assertThat((List<?>) json.get("items")).hasSize(2);

        r = cli.run("delete", "ippool", "internal-pool");
        assertThat(r.out()).isEqualTo("Successfully deleted 1 'IPPool' resource(s)\n");
        r = cli.run("get", "ippool", "internal-pool");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("resource does not exist: IPPool(internal-pool) with error: <nil>\n");
    }

    @Test
    void yamlOutputAppliesBackUnchanged() {
        cli.run("apply", "-f", pools.toString());
        String before = cli.run("get", "ippool", "external-pool", "-o", "yaml").out();
        CliRunner.Result r = cli.runWithInput(before, "apply", "-f", "-");
        assertThat(r.rc()).as(r.err()).isZero();
        String after = cli.run("get", "ippool", "external-pool", "-o", "yaml").out();
        // same resource; only the revision moved on
        assertThat(withoutRevision(after)).isEqualTo(withoutRevision(before));
        assertThat(after).isNotEqualTo(before);
        String exported = cli.run("get", "ippool", "external-pool", "-o", "yaml", "--export").out();
        assertThat(exported).doesNotContain("resourceVersion").doesNotContain("uid:").doesNotContain("creationTimestamp").contains("name: external-pool");
    }

    private static String withoutRevision(String yaml) {
        return yaml.replaceAll("(?m)^  resourceVersion: .*\n", "");
    }

    @Test
    void stdinJsonAndCustomColumns() {
        String json = "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"cidr\":\"10.9.0.0/16\"}}";
        assertThat(cli.runWithInput(json, "create", "-f", "-").out()).isEqualTo("Successfully created 1 'IPPool' resource(s)\n");
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=NAME,CIDR,NAT").out()).isEqualTo("NAME   CIDR          NAT     \nj      10.9.0.0/16   false   \n\n");
        CliRunner.Result bad = cli.run("get", "ippools", "-o", "custom-columns=NAME,COLOUR");
        assertThat(bad.rc()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("unknown heading COLOUR, valid values are: "
                + "ASSIGNMENTMODE, CIDR, DISABLEBGPEXPORT, DISABLED, IPIPMODE, NAME, NAT, SELECTOR, VXLANMODE\n");
        // keys are case-sensitive and split exactly as given
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=name").err()).startsWith("unknown heading name, valid values are: ");
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=NAME,").err()).startsWith("unknown heading , valid values are: ");
    }

    @Test
    void createExistingAndSkipExists() {
        cli.run("create", "-f", pools.toString());
        CliRunner.Result r = cli.run("create", "-f", pools.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).startsWith("failed to create any 'IPPool' resources: [resource already exists: IPPool(external-pool) with error: <nil> ");
        r = cli.run("create", "--skip-exists", "-f", pools.toString());
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("Successfully created 2 'IPPool' resource(s)\n");
    }

    @Test
    void replaceAndDeleteMissing() throws Exception {
        CliRunner.Result r = cli.run("replace", "-f", pools.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).startsWith("failed to replace any 'IPPool' resources: resource does not exist: IPPool(external-pool)");
        r = cli.run("delete", "ippool", "nope");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Failed to delete 'IPPool' resource: resource does not exist: IPPool(nope) with error: <nil>\n");
        r = cli.run("delete", "--skip-not-exists", "ippool", "nope");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("Successfully deleted 1 'IPPool' resource(s)\n");
        cli.run("apply", "-f", pools.toString());
        assertThat(cli.run("replace", "-f", pools.toString()).out()).isEqualTo("Successfully replaced 2 'IPPool' resource(s)\n");
        assertThat(cli.run("delete", "-f", pools.toString()).out()).isEqualTo("Successfully deleted 2 'IPPool' resource(s)\n");
    }

    @Test
    void overlappingPoolsInOneFileArePartialSuccess() throws Exception {
        Path f = dir.resolve("two.yaml");
        Files.writeString(f, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: a}
                spec: {cidr: 10.0.0.0/16}
                ---
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: b}
                spec: {cidr: 10.0.0.0/8}
                """);
        CliRunner.Result r = cli.run("apply", "-f", f.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Partial success: applied 1 out of 2 'IPPool' resources:\n");
        assertThat(r.err()).isEqualTo("hit error: [error with field IPPool.Spec.CIDR = '10.0.0.0/8' (IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16)]\n");
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=NAME").out()).isEqualTo("NAME   \na      \n\n");
    }

    @Test
    void emptyAndMissingFiles() throws Exception {
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "---\n# nothing here\n");
        CliRunner.Result r = cli.run("apply", "-f", empty.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("no resources specified in file " + empty + "\n");
        r = cli.run("apply", "--skip-empty", "-f", empty.toString());
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("No resources specified\n");
        r = cli.run("apply", "-f", dir.resolve("missing.yaml").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("failed to execute command: open " + dir.resolve("missing.yaml") + ": no such file or directory\n");
    }

    @Test
    void directoriesAndRecursion() throws Exception {
        Path d = dir.resolve("manifests");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("a.yaml"), "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: a}\nspec: {cidr: 10.1.0.0/16}\n");
        Files.writeString(d.resolve("notes.txt"), "ignored");
        Files.writeString(d.resolve("sub/b.json"), "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"b\"},\"spec\":{\"cidr\":\"10.2.0.0/16\"}}");
        assertThat(cli.run("apply", "-f", d.toString()).out()).isEqualTo("Successfully applied 1 'IPPool' resource(s)\n");
        assertThat(cli.run("apply", "-R", "-f", d.toString()).out()).isEqualTo("Successfully applied 2 'IPPool' resource(s)\n");
    }

    @Test
    void labelAndPatch() {
        cli.run("apply", "-f", pools.toString());
        assertThat(cli.run("label", "ippool", "external-pool", "team=net").out()).isEqualTo("Successfully set label team on ippool external-pool\n");
        CliRunner.Result r = cli.run("label", "ippool", "external-pool", "team=db");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("key team is already present. please use '--overwrite' to set a new value");
        assertThat(cli.run("label", "ippool", "external-pool", "team=db", "--overwrite").out()).isEqualTo("Successfully updated label team on ippool external-pool\n");
        assertThat(cli.run("get", "ippool", "external-pool", "-o", "yaml").out()).contains("  labels:\n    team: db\n");
        assertThat(cli.run("label", "ippool", "external-pool", "team", "--remove").out()).isEqualTo("Successfully removed label team from ippool external-pool\n");

        r = cli.run("patch", "ippool", "external-pool", "-p", "{\"spec\":{\"natOutgoing\":false,\"disabled\":true}}");
        assertThat(r.out()).as(r.err()).isEqualTo("Successfully patched 1 'IPPool' resource\n");
        assertThat(cli.run("get", "ippools", "external-pool", "-o", "wide").out()).contains("external-pool   172.16.0.0/26   false   Always     Never       true");
        r = cli.run("patch", "ippool", "external-pool", "-p", "{\"spec\":{\"cidr\":\"172.17.0.0/26\"}}");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("IPPool CIDR cannot be modified");
        r = cli.run("patch", "ippool", "external-pool", "--type", "json", "-p", "[{\"op\":\"add\",\"path\":\"/spec/natOutgoing\",\"value\":true}]");
        assertThat(r.rc()).as(r.err()).isZero();
    }

    @Test
    void namespaceRules() {
        CliRunner.Result r = cli.run("get", "ippools", "-n", "dev");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("IPPool is not namespaced\n");
        r = cli.run("get", "networkpolicies", "-A", "-n", "dev");
        assertThat(r.err()).contains("cannot use both --namespace and --all-namespaces flags at the same time");
        r = cli.run("get", "nosuchkind");
        assertThat(r.err()).isEqualTo("failed to get resources: resource type 'nosuchkind' is not supported\n");
        assertThat(cli.run("get", "networkpolicies", "-A").out()).isEqualTo("NAMESPACE   NAME   TIER   \n\n");
    }

    @Test
    void validateTouchesNoDatastore() throws Exception {
        // a store path nobody could open: validate must not need it
        cli.env.put("CALICOCTL_LOCAL_DB", pools.resolve("store.db").toString());
        CliRunner.Result r = cli.run("validate", "-f", pools.toString());
        assertThat(r.out()).isEqualTo("Successfully validated 2 'IPPool' resource(s)\n");
        assertThat(cli.run("get", "ippools").err()).startsWith("cannot create local datastore");
    }

    @Test
    void versionAndHelp() {
        assertThat(cli.run("version", "--client").out()).startsWith("Client Version:    v");
        assertThat(cli.run("version").out()).contains("Unable to detect installed Calico version");
        assertThat(cli.run("help").out()).contains("apply").contains("get");
        CliRunner.Result r = cli.run("get", "--bogus");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("unknown flag: --bogus\n");
    }
}
