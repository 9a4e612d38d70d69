package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest {
    static Resource pool(String specYaml) {
        StringBuilder spec = new StringBuilder();
        for (String line : specYaml.split("\n")) spec.append("  ").append(line.strip()).append('\n');
        String text = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n" + spec;
        return ResourceCodecTest.decode(text).get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "  cidr: 10.0.0.0/33|IPPool.Spec.CIDR = '10.0.0.0/33' (IPPool CIDR must be a valid subnet)",
            "  cidr: abc|IPPool CIDR must be a valid subnet",
            "  cidr: 10.0.0.1/24|IPPool CIDR is not strictly masked",
            "  blockSize: 26|IPPool CIDR must be specified",
            "  cidr: 10.7.0.0/16\\n  blockSize: 12|blockSize must be between 20 and 32 for IPv4 pools, and between 116 and 128 for IPv6 pools",
            "  cidr: fd00::/64\\n  blockSize: 100|blockSize must be between 20 and 32",
            "  cidr: 10.7.0.0/28\\n  blockSize: 26|error with field spec (IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.)",
            "  cidr: 169.254.0.0/24|link local",
            "  cidr: 10.7.0.0/16\\n  ipipMode: Sometimes|error with field spec.ipipMode (supported values: \"Never\", \"Always\", \"CrossSubnet\")",
            "  cidr: 10.7.0.0/16\\n  ipipMode: Always\\n  vxlanMode: Always|ipipMode and vxlanMode cannot both be enabled",
            "  cidr: fd00::/64\\n  ipipMode: Always|IPIP is not supported on IPv6 pools",
            "  cidr: 10.7.0.0/16\\n  allowedUses: [Printing]|unknown use: Printing",
            "  cidr: 10.7.0.0/16\\n  allowedUses: [LoadBalancer, Workload]|LoadBalancer cannot be combined",
            "  cidr: 10.7.0.0/16\\n  nodeSelector: 'role =='|NodeSelector = 'role ==' (Reason: failed to validate Field: NodeSelector because of Tag: selector )",
            "  cidr: 10.7.0.0/16\\n  namespaceSelector: global()|global() selector is not valid for IPPool namespaceSelector",
            "  cidr: 10.7.0.0/16\\n  allowedUses: [Tunnel]\\n  namespaceSelector: all()|cannot have namespaceSelector",
            "  cidr: 10.7.0.0/16\\n  assignmentMode: Sometimes|spec.assignmentMode (supported values: \"Automatic\", \"Manual\")",
    })
    void ipPoolRules(String spec, String message) {
        assertThatThrownBy(() -> Validator.validate(pool(spec.replace("\\n", "\n")))).isInstanceOf(ValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void singleErrorUsesCalicoFormat() {
        assertThatThrownBy(() -> Validator.validate(pool("  cidr: 10.0.0.0/33\n")))
                .hasMessage("error with field IPPool.Spec.CIDR = '10.0.0.0/33' (IPPool CIDR must be a valid subnet)");
    }

    @Test
    void severalErrorsAreListed() {
        Resource r = pool("  cidr: 10.7.0.0/16\n  ipipMode: x\n  vxlanMode: y\n");
        assertThatThrownBy(() -> Validator.validate(r)).hasMessageStartingWith("error with the following fields:\n-  ");
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/16, 26", "fd00::/48, 122"})
    void defaults(String cidr, long blockSize) {
        Resource r = pool("  cidr: " + cidr + "\n");
        Validator.validateAndDefault(r);
        assertThat(r.spec()).containsEntry("blockSize", blockSize).containsEntry("nodeSelector", "all()")
                .containsEntry("ipipMode", "Never").containsEntry("vxlanMode", "Never")
                .containsEntry("assignmentMode", "Automatic").containsEntry("allowedUses", List.of("Workload", "Tunnel"));
    }

    @Test
    void defaultsKeepWhatIsGiven() {
        Resource r = pool("  cidr: 172.16.0.0/26\n  blockSize: 29\n  ipipMode: Always\n  natOutgoing: true\n  nodeSelector: zone == 'a'\n");
        Validator.validateAndDefault(r);
        assertThat(r.spec()).containsEntry("blockSize", 29L).containsEntry("ipipMode", "Always").containsEntry("nodeSelector", "zone == 'a'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Bad_Name|Metadata.Name", "''|Metadata.Name = '' (name must consist", "a..b|Metadata.Name"})
    void metadataNames(String name, String message) {
        String text = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: '" + name + "'\nspec:\n  cidr: 10.0.0.0/16\n";
        Resource r = ResourceCodecTest.decode(text).get(0);
        assertThatThrownBy(() -> Validator.validate(r)).hasMessageContaining(message);
    }

    @Test
    void otherKinds() {
        Resource res = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata: {name: r}\nspec:\n  reservedCIDRs: [10.0.0.1, 10.1.0.0/24, nope]\n").get(0);
        assertThatThrownBy(() -> Validator.validate(res)).hasMessageContaining("nope");
        Resource cfg = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata: {name: other}\nspec: {strictAffinity: true, autoAllocateBlocks: true}\n").get(0);
        Validator.validate(cfg); // the name rule is client logic: create and replace refuse it, validate does not
        assertThatThrownBy(() -> cfg.kind().rules().checkCreate(cfg, k -> List.of(), new java.util.ArrayList<>()))
                .hasMessage("Cannot create an IPAMConfiguration resource with a name other than \"default\"");
        Resource aff = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: BlockAffinity\nmetadata: {name: a}\nspec: {state: maybe, node: n1, cidr: 10.0.0.0/26}\n").get(0);
        assertThatThrownBy(() -> Validator.validate(aff)).hasMessageContaining("BlockAffinity.Spec.State");
        Resource node = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: n1, labels: {zone: a}}\nspec: {bgp: {ipv4Address: 10.0.0.1/24}}\n").get(0);
        Validator.validate(node);
        assertThat(node.labels()).containsEntry("zone", "a");
    }

    @Test
    void registryResolvesAliasesAndScope() {
        assertThat(Kinds.byAlias("ipp")).isSameAs(Kinds.IP_POOL);
        assertThat(Kinds.byAlias("IPPools")).isSameAs(Kinds.IP_POOL);
        assertThat(Kinds.byAlias("pol").namespaced()).isTrue();
        assertThat(Kinds.byAlias("gnp").namespaced()).isFalse();
        assertThat(Kinds.byAlias("nosuch")).isNull();
        assertThat(Kinds.byName("BGPFilter").plural()).isEqualTo("bgpfilters");
    }
}
