package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `get` output byte for byte as calicoctl's (expectations from calicoctl.md §2.5 and upstream's system tests). */
class TableOutputTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void open() { cli = new CliRunner(dir); }

    void apply(String yaml) {
        CliRunner.Result r = cli.runWithInput(yaml, "apply", "-f", "-");
        assertThat(r.rc()).as(r.err()).isZero();
    }

    static String doc(String kind, String name, String spec) {
        return "apiVersion: projectcalico.org/v3\nkind: " + kind + "\nmetadata:\n  name: " + name + "\nspec:\n" + spec + "---\n";
    }

    @Test
    void bgpPeerNodeColumnShowsNodeSelectorOrGlobal() {
        apply(doc("BGPPeer", "bgppeer-1", "  node: somenode\n  peerIP: 192.168.0.10\n  asNumber: 64514\n")
                + doc("BGPPeer", "bgppeer-2", "  nodeSelector: has(rr)\n  peerIP: 192.168.0.11\n  asNumber: 64515\n")
                + doc("BGPPeer", "bgppeer-3", "  peerSelector: has(rr)\n"));
        assertThat(cli.run("get", "bgppeers").out()).isEqualTo(
                "NAME        PEERIP         NODE       ASN     \n"
                + "bgppeer-1   192.168.0.10   somenode   64514   \n"
                + "bgppeer-2   192.168.0.11   has(rr)    64515   \n"
                + "bgppeer-3                  (global)   0       \n\n");
    }

    @Test
    void nodeAsnComesFromTheNodeOrTheClusterDefault() {
        apply(doc("Node", "node-a", "  bgp:\n    ipv4Address: 10.0.0.1/24\n")
                + doc("Node", "node-b", "  bgp:\n    ipv4Address: 10.0.0.2/24\n    asNumber: 65001\n")
                + doc("Node", "node-c", "  {}\n"));
        assertThat(cli.run("get", "nodes", "-o", "wide").out()).isEqualTo(
                "NAME     ASN       IPV4          IPV6   \n"
                + "node-a   (64512)   10.0.0.1/24          \n"
                + "node-b   65001     10.0.0.2/24          \n"
                + "node-c                                  \n\n");
        apply(doc("BGPConfiguration", "default", "  asNumber: 63400\n"));
        assertThat(cli.run("get", "node", "node-a", "-o", "wide").out()).contains("node-a   (63400)   10.0.0.1/24");
        assertThat(cli.run("get", "bgpconfigs").out()).isEqualTo(
                "NAME      LOGSEVERITY   MESHENABLED   ASNUMBER   \ndefault   Info          -             63400      \n\n");
    }

    @Test
    void longListsAreTruncatedAtEightyCharactersInWideTables() {
        StringBuilder nets = new StringBuilder();
        for (int i = 0; i < 100; i++) nets.append("  - 10.0.").append(i).append(".0/28\n");
        apply(doc("IPReservation", "many", "  reservedCIDRs:\n" + nets)
                + doc("GlobalNetworkSet", "many", "  nets:\n" + nets)
                + doc("GlobalNetworkSet", "few", "  nets:\n  - 10.0.1.0/24\n  - 11.0.0.1/32\n"));
        String cut = "10.0.0.0/28,10.0.1.0/28,10.0.2.0/28,10.0.3.0/28,10.0.4.0/28,10.0.5.0/28,10.0....";
        assertThat(cut).hasSize(80);
        assertThat(cli.run("get", "ipreservations", "-o", "wide").out()).isEqualTo(
                "NAME   CIDRS" + " ".repeat(78) + "\nmany   " + cut + "   \n\n");
        assertThat(cli.run("get", "globalnetworksets", "-o", "wide").out())
                .contains("few    10.0.1.0/24,11.0.0.1/32   ").contains("many   " + cut + "   \n");
    }

    @Test
    void policyAndTierOrdersPrintAsGoFloatsAndTiersAreListedByOrder() {
        apply(doc("Tier", "zz", "  order: 50\n") + doc("Tier", "aa", "  {}\n") + doc("Tier", "mm", "  order: 1000000\n")
                + doc("GlobalNetworkPolicy", "p1", "  order: 10.5\n  selector: all()\n")
                + doc("GlobalNetworkPolicy", "p2", "  selector: has(x)\n"));
        // the protected tiers exist after any create, as upstream's test_tier_list_order expects
        assertThat(cli.run("get", "tiers").out()).isEqualTo("NAME            ORDER   \nzz              50      \nkube-admin      1000    \n"
                + "default         1e+06   \nmm              1e+06   \nkube-baseline   1e+07   \naa              <nil>   \n\n");
        assertThat(cli.run("get", "gnp", "-o", "wide").out()).isEqualTo(
                "NAME   TIER      ORDER   SELECTOR   \n"
                + "p1     default   10.5    all()      \n"
                + "p2     default   <nil>   has(x)     \n\n");
    }

    @Test
    void listsCarryTheStoreRevision() {
        assertThat(cli.run("get", "ippools", "-o", "yaml").out()).matches(
                "apiVersion: projectcalico.org/v3\nitems: \\[]\nkind: IPPoolList\nmetadata:\n  resourceVersion: \"\\d+\"\n");
        apply(doc("IPPool", "p", "  cidr: 10.1.0.0/16\n"));
        String y = cli.run("get", "ippools", "-o", "yaml").out();
        String rv = y.replaceAll("(?s).*\nmetadata:\n  resourceVersion: \"(\\d+)\"\n$", "$1");
        String itemRv = y.replaceAll("(?s).*\n    resourceVersion: \"(\\d+)\"\n.*", "$1");
        assertThat(Long.parseLong(rv)).isGreaterThanOrEqualTo(Long.parseLong(itemRv));
        assertThat(cli.run("get", "ippools", "-o", "json").out()).contains("\"kind\": \"IPPoolList\",\n  \"apiVersion\": \"projectcalico.org/v3\",\n"
                + "  \"metadata\": {\n    \"resourceVersion\": \"" + rv + "\"\n  },");
        // yml is yaml
        assertThat(cli.run("get", "ippools", "-o", "yml").out()).isEqualTo(y);
    }

    @Test
    void noResultsPrintNullForYamlAndJsonAndNothingForTables() {
        CliRunner.Result y = cli.run("get", "ippool", "nosuch", "-o", "yaml");
        assertThat(y.out()).isEqualTo("null\n");
        assertThat(y.err()).isEqualTo("resource does not exist: IPPool(nosuch) with error: <nil>\n");
        assertThat(cli.run("get", "ippool", "nosuch", "-o", "json").out()).isEqualTo("null");
        assertThat(cli.run("get", "ippool", "nosuch").out()).isEmpty();
        apply(doc("IPPool", "p", "  cidr: 10.1.0.0/16\n"));
        String one = cli.run("get", "ippool", "p", "-o", "json").out();
        assertThat(one).startsWith("{\n  \"kind\": \"IPPool\",\n").endsWith("\n}");
    }

    @Test
    void felixDurationsAreStoredAndPrintedAsGoPrintsThem() {
        apply(doc("FelixConfiguration", "default", "  reportingInterval: 125s\n  reportingTTL: 9910s\n  iptablesRefreshInterval: 90s\n"));
        assertThat(cli.run("get", "felixconfig", "default", "-o", "yaml").out())
                .contains("  iptablesRefreshInterval: 1m30s\n").contains("  reportingInterval: 2m5s\n  reportingTTL: 2h45m10s\n");
    }

    @Test
    void namespacedKindsGainANamespaceColumnWithAllNamespaces() {
        List<String> docs = new ArrayList<>();
        docs.add("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata:\n  name: ns1\n  namespace: dev\nspec:\n  nets:\n  - 10.0.0.0/8\n");
        apply(String.join("---\n", docs));
        assertThat(cli.run("get", "networksets", "-A", "-o", "wide").out()).isEqualTo(
                "NAMESPACE   NAME   NETS         \ndev         ns1    10.0.0.0/8   \n\n");
        assertThat(cli.run("get", "networksets", "-n", "dev").out()).isEqualTo("NAMESPACE   NAME   \ndev         ns1    \n\n");
        assertThat(cli.run("get", "networksets", "-o", "custom-columns=NAMESPACE,NAME", "-A").out()).isEqualTo("NAMESPACE   NAME   \ndev         ns1    \n\n");
        assertThat(cli.run("get", "ippools", "-o", "custom-columns=NAMESPACE").err()).startsWith("unknown heading NAMESPACE, valid values are: ");
    }
}
