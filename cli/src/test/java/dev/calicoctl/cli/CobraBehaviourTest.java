package dev.calicoctl.cli;

import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command-line behaviour as calicoctl's (cobra/pflag) for the messages its system tests and
 * users' scripts match: flags, argument counts, the version-mismatch check, read-only kinds.
 */
class CobraBehaviourTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void setUp() { cli = new CliRunner(dir); }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "get ippool -m|unknown shorthand flag: 'm' in -m",
            "get ippool --unknown-flag|unknown flag: --unknown-flag",
            "get ippool --unknown-flag=x|unknown flag: --unknown-flag",
            "get ippool -Am|unknown shorthand flag: 'm' in -Am",
            "get ippool -o|flag needs an argument: 'o' in -o",
            "get ippool --output|flag needs an argument: --output",
            "get ippool -Ao|flag needs an argument: 'o' in -Ao",
            "patch ippool|accepts 2 arg(s), received 1",
            "patch ippool a b -p {}|accepts 2 arg(s), received 3",
            "patch ippool a|required flag(s) \"patch\" not set",
            "label nodes node1|requires at least 3 arg(s), only received 2",
            "ipam split|accepts 1 arg(s), received 0",
            "ipam split 2 4|accepts 1 arg(s), received 2",
            "foo|unknown command \"foo\" for \"calicoctl\"",
            "ipam foo|unknown command \"foo\" for \"calicoctl ipam\"",
            "datastore migrate foo|unknown command \"foo\" for \"calicoctl datastore migrate\"",
            "label somekind x a=b|failed to get somekind x, error resource type 'somekind' is not supported",
    })
    void errorsAsCobraWordsThem(String args, String message) {
        CliRunner.Result r = cli.run(args.split(" "));
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        // the first line is cobra's; a nearest-name hint may follow (this tool's addition)
        assertThat(r.err()).startsWith(message + "\n");
    }

    @Test
    void labelIgnoresArgumentsAfterTheThird() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.9.0.0/16}\n");
        assertThat(cli.run("apply", "-f", dir.resolve("p.yaml").toString()).rc()).isZero();
        CliRunner.Result r = cli.run("label", "ippool", "p", "a=b", "extra", "more");
        assertThat(r.out()).isEqualTo("Successfully set label a on ippool p\n");
    }

    /** A cluster whose ClusterInformation carries a Calico version, as calico/node writes it. */
    private void clusterAt(String version) {
        try (LocalDatastore ds = LocalDatastore.open(dir.resolve("datastore.db"))) {
            ResourceStore store = new ResourceStore(ds);
            Resource ci = ClusterInfo.ensure(store).copy();
            ci.spec().put("calicoVersion", version);
            store.internal().update(ci);
        }
    }

    @Test
    void versionMismatchIsRefusedUnlessAllowed() throws Exception {
        clusterAt("v3.31.2");
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.9.0.0/16}\n");
        String mismatch = "version mismatch.\nClient Version:   " + VersionCommand.VERSION + "\nCluster Version:  3.31.2\nUse --allow-version-mismatch to override\n";
        assertThat(cli.run("apply", "-f", dir.resolve("p.yaml").toString()).err()).isEqualTo(mismatch);
        assertThat(cli.run("ipam", "show").err()).isEqualTo(mismatch);
        assertThat(cli.run("datastore", "migrate", "lock").err()).isEqualTo(mismatch);
        assertThat(cli.run("get", "ippools").err()).isEqualTo("failed to get resources: " + mismatch);
        assertThat(cli.run("label", "ippool", "p", "a=b").err()).isEqualTo("failed to get ippool p, error " + mismatch);
        assertThat(cli.run("get", "ippools").rc()).isEqualTo(1);
        // validate and version never check; the flag works before or after the subcommand
        assertThat(cli.run("validate", "-f", dir.resolve("p.yaml").toString()).rc()).isZero();
        assertThat(cli.run("version").out()).contains("Cluster Version:   v3.31.2");
        assertThat(cli.run("--allow-version-mismatch", "apply", "-f", dir.resolve("p.yaml").toString()).out())
                .isEqualTo("Successfully applied 1 'IPPool' resource(s)\n");
        assertThat(cli.run("get", "ippools", "--allow-version-mismatch").rc()).isZero();
    }

    @Test
    void auditShellAndCompletionSkipTheVersionCheck() {
        clusterAt("v3.31.2");
        CliRunner.Result audit = cli.run("ipam", "audit", "-o", "json");
        assertThat(audit.err()).isEmpty();
        assertThat(audit.rc()).isZero();
        CliRunner.Result complete = cli.run("__complete", "get", "");
        assertThat(complete.err()).isEmpty();
        assertThat(complete.rc()).isZero();
        assertThat(complete.out()).contains("ippools").endsWith(":none\n");
        // the shell itself starts (each command it runs checks for itself)
        CliRunner.Result shell = cli.runWithInput("version\n", "shell");
        assertThat(shell.out()).contains("Cluster Version:   v3.31.2");
    }

    @Test
    void matchingOrAbsentVersionsPass() {
        clusterAt(VersionCommand.VERSION.replaceFirst("^v", "") + "-other-suffix");
        assertThat(cli.run("get", "ippools").rc()).isZero();
        clusterAt("");
        assertThat(cli.run("get", "ippools").rc()).isZero();
    }

    @Test
    void clusterInformationCannotBeChangedByUsers() throws Exception {
        clusterAt("");
        String guid;
        try (LocalDatastore ds = LocalDatastore.open(dir.resolve("datastore.db"))) {
            guid = (String) new ResourceStore(ds).get(Kinds.CLUSTER_INFORMATION, null, "default").spec().get("clusterGUID");
        }
        Files.writeString(dir.resolve("ci.yaml"), "apiVersion: projectcalico.org/v3\nkind: ClusterInformation\nmetadata: {name: default}\nspec: {clusterGUID: x}\n");
        String f = dir.resolve("ci.yaml").toString();
        assertThat(cli.run("apply", "-f", f).err()).isEqualTo("failed to apply 'ClusterInformation' resource: [operation apply is not supported on ClusterInformation: resource is readonly]\n");
        assertThat(cli.run("create", "-f", f).err()).isEqualTo("failed to create 'ClusterInformation' resource: [operation create or apply is not supported on ClusterInformation]\n");
        assertThat(cli.run("replace", "-f", f).err()).contains("operation apply or replace is not supported on ClusterInformation");
        assertThat(cli.run("delete", "clusterinfo", "default").err()).contains("operation delete is not supported on ClusterInformation");
        assertThat(cli.run("label", "clusterinfo", "default", "a=b").rc()).isEqualTo(1);
        assertThat(cli.run("patch", "clusterinfo", "default", "-p", "{\"spec\":{\"clusterGUID\":\"y\"}}").err()).contains("is not supported on ClusterInformation");
        assertThat(cli.run("get", "clusterinfo", "default", "-o", "yaml").out()).contains("clusterGUID: " + guid).doesNotContain("labels");
    }

    @Test
    void validationMessagesThroughTheCommands() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: p1}\nspec: {node: node 2, peerIP: 192.168.0.256}\n");
        CliRunner.Result r = cli.run("create", "-f", dir.resolve("bad.yaml").toString());
        assertThat(r.err()).isEqualTo("failed to create 'BGPPeer' resource: [error with the following fields:\n"
                + "-  Node = 'node 2' (Reason: failed to validate Field: Node because of Tag: name )\n"
                + "-  PeerIP = '192.168.0.256' (Reason: failed to validate Field: PeerIP because of Tag: IP:port )\n]\n");
        assertThat(cli.run("validate", "-f", dir.resolve("bad.yaml").toString()).err()).startsWith("failed to validate 'BGPPeer' resource: [error with the following fields:");
        Files.writeString(dir.resolve("felix.yaml"), "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\n"
                + "spec: {reportingInterval: 125s, iptablesRefreshInterval: 9910s}\n");
        assertThat(cli.run("apply", "-f", dir.resolve("felix.yaml").toString()).rc()).isZero();
        assertThat(cli.run("get", "felixconfig", "default", "-o", "yaml").out()).contains("reportingInterval: 2m5s").contains("iptablesRefreshInterval: 2h45m10s");
    }
}
