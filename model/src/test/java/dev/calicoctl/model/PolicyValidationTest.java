package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.BgpValidationTest.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/** Policies, staged policies, tiers and profiles: cases from validator_test.go and calicoctl's ST data, as facts. */
class PolicyValidationTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{selector: all(), ingress: [{action: Allow, protocol: TCP, destination: {ports: [80, '8000:8080', http]}}]}|ok",
            "{ingress: [{action: Allow, protocol: TCP, source: {ports: ['1:65536']}}]}|decode: document 1: line 6: invalid maximum port number in range (1:65536)",
            "{ingress: [{action: Allow, protocol: TCP, source: {ports: ['65535:1']}}]}|minimum port number (65535) is greater than maximum port number (1) in port range",
            "{ingress: [{action: Allow, protocol: TCP, source: {ports: [65536]}}]}|cannot unmarshal number 65536 into Go struct field EntityRule.spec.ingress.source.ports of type uint16",
            "{ingress: [{action: Allow, protocol: TCP, source: {ports: ['a b']}}]}|invalid name for named port (a b)",
            "{ingress: [{action: Allow, protocol: TCP, source: {ports: [0]}}]}|Port = '0' (port range invalid, port number must be between 1 and 65535)",
            "{ingress: [{action: Allow, source: {ports: [80]}}]}|Source.Ports = '[80]' (rules with numeric port or port range must set protocol to TCP or UDP or SCTP)",
            "{ingress: [{action: Allow, source: {ports: [http]}}]}|ok",
            "{egress: [{action: Allow, protocol: ICMP, destination: {notPorts: [http]}}]}|Destination.NotPorts = '[http]' (rules that specify ports must set protocol to TCP or UDP or SCTP)",
            "{ingress: [{action: Allow, protocol: ICMP, icmp: {type: 256, code: 256}}]}|Type = '256' (Reason: failed to validate Field: Type because of Tag: lte )",
            "{ingress: [{action: Allow, protocol: ICMP, icmp: {type: 8, code: 256}}]}|Code = '256'",
            "{ingress: [{action: Allow, protocol: ICMP, icmp: {code: 1}}]}|spec.ingress[0].icmp (ICMP code specified without an ICMP type)",
            "{ingress: [{action: Allow, icmp: {type: 1}}]}|spec.ingress[0] (ICMP fields require protocol to be ICMP or ICMPv6)",
            "{ingress: [{action: Allow, protocol: ICMP, ipVersion: 6}]}|spec.ingress[0] (protocol ICMP requires ipVersion 4)",
            "{ingress: [{action: Allow, ipVersion: 5}]}|spec.ingress[0].ipVersion (supported values: 4, 6)",
            "{ingress: [{action: Jump}]}|spec.ingress[0].action (supported values: \"Allow\", \"Deny\", \"Log\", \"Pass\")",
            "{ingress: [{protocol: TCP}]}|supported values: \"Allow\", \"Deny\", \"Log\", \"Pass\"",
            "{ingress: [{action: Allow, protocol: 0}]}|Protocol = '0' (protocol number invalid)",
            "{ingress: [{action: Allow, protocol: tcpx}]}|Protocol = 'tcpx' (protocol name invalid)",
            "{ingress: [{action: Allow, protocol: 256}]}|cannot unmarshal number 256 into Go struct field Rule.spec.ingress.protocol of type uint8",
            "{ingress: [{action: Allow, protocol: '6', destination: {ports: [22]}}]}|ok",
            "{ingress: [{action: Allow, source: {nets: [10.0.0.1/8]}}]}|Nets[0] = '10.0.0.1/8' (Reason: failed to validate Field: Nets[0] because of Tag: net )",
            "{ingress: [{action: Allow, ipVersion: 6, source: {nets: [10.0.0.0/8]}}]}|Source.Nets = '[10.0.0.0/8]' (rule IP version doesn't match CIDR version)",
            "{ingress: [{action: Allow, source: {nets: [10.0.0.0/8]}, destination: {nets: ['fd00::/64']}}]}|Destination.Nets = '[fd00::/64]' (rule contains both IPv4 and IPv6 CIDRs)",
            "{ingress: [{action: Allow, source: {notNets: [0.0.0.0/0]}}]}|Source.NotNets = '0.0.0.0/0' (catch-all CIDR in negation creates logical contradiction (matches no traffic))",
            "{ingress: [{action: Allow, source: {selector: global()}}]}|spec.ingress[0].source (global() can only be used in an EntityRule namespaceSelector)",
            "{ingress: [{action: Allow, source: {namespaceSelector: global()}}]}|ok",
            "{ingress: [{action: Allow, source: {namespaceSelector: 'global() && a == \"b\"'}}]}|NamespaceSelector field = 'global() && a == \"b\"' (global() cannot be combined with other selectors)",
            "{ingress: [{action: Allow, destination: {services: {name: s}}}]}|Services = 'map[name:s]' (not allowed in ingress rule destination)",
            "{egress: [{action: Allow, destination: {services: {name: s}, ports: [80]}, protocol: TCP}]}|spec.egress[0] (ports and notPorts cannot be specified with services)",
            "{egress: [{action: Allow, http: {methods: [GET]}}]}|(not allowed in egress rule)",
            "{ingress: [{action: Deny, http: {methods: [GET]}}]}|spec.ingress[0] (HTTP match is only valid on Allow rules)",
            "{ingress: [{action: Allow, http: {methods: [GET, GET]}}]}|Methods = '[GET GET]' (Invalid methods (duplicates): [GET GET])",
            "{ingress: [{action: Allow, http: {paths: [{exact: foo}]}}]}|Paths = '[{foo }]' (Invalid path foo. (must start with `/` and not contain `?` or `#`)",
            "{types: [Ingress, Ingress]}|NetworkPolicySpec.Types = '[Ingress Ingress]' ('Ingress' type specified more than once)",
            "{types: [Sideways]}|spec.types[0] (supported values: \"Ingress\", \"Egress\")",
            "{selector: ga@rb\"ag'e}|Selector = 'ga@rb\"ag'e' (Reason: failed to validate Field: Selector because of Tag: selector )",
            "{selector: global()}|spec (global() can only be used in an EntityRule namespaceSelector)",
            "{Order: 10, Ingress: [{Action: Allow, ICMP: {type: 8}, protocol: ICMP}]}|ok",
            "{tier: Bad_Tier}|Tier = 'Bad_Tier' (Reason: failed to validate Field: Tier because of Tag: name )",
            "{performanceHints: [Sometimes]}|PerformanceHints[0] = 'Sometimes' (Reason: failed to validate Field: PerformanceHints[0] because of Tag: oneof )",
    })
    void networkPolicySpec(String spec, String expected) {
        assertOutcome("NetworkPolicy", "p1", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "NetworkPolicy|p1|ok", "NetworkPolicy|tier1.p1|ok", "NetworkPolicy|knp.default.p1|ok", "NetworkPolicy|ossg.default.a.b|ok",
            "NetworkPolicy|a.b.c|Metadata.Name = 'a.b.c' (name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?))",
            "GlobalNetworkPolicy|tier1.p1|ok", "GlobalNetworkPolicy|knp.default.p1|Metadata.Name = 'knp.default.p1'",
            "StagedNetworkPolicy|a.b.c|Metadata.Name = 'a.b.c'", "StagedGlobalNetworkPolicy|g1|ok",
            "Tier|t1|ok", "Tier|t.1|Metadata.Name = 't.1' (name must consist of lower case alphanumeric characters or '-' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?))",
    })
    void policyNames(String kind, String name, String expected) {
        assertOutcome(kind, name, "{}", expected);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "GlobalNetworkPolicy|{preDNAT: true, doNotTrack: true, applyOnForward: true}|spec (preDNAT and doNotTrack cannot both be true)",
            "GlobalNetworkPolicy|{preDNAT: true, applyOnForward: true, egress: [{action: Allow}]}|spec (preDNAT policy cannot have any egress rules)",
            "GlobalNetworkPolicy|{doNotTrack: true}|spec (applyOnForward must be true if either preDNAT or doNotTrack is true)",
            "GlobalNetworkPolicy|{namespaceSelector: global()}|spec (global() can only be used in an EntityRule namespaceSelector)",
            "GlobalNetworkPolicy|{egress: [{action: Allow, destination: {services: {name: s}}}]}|Namespace = '' (must specify a namespace)",
            "GlobalNetworkPolicy|{types: [Egress, Egress]}|GlobalNetworkPolicySpec.Types",
            "GlobalNetworkPolicy|{egress: [{action: Allow, http: {methods: [GET]}}]}|(not allowed in egress rules)",
            "StagedNetworkPolicy|{stagedAction: Delete, tier: default}|ok",
            "StagedNetworkPolicy|{stagedAction: Delete, selector: all()}|StagedNetworkPolicySpec = 'map[selector:all() stagedAction:Delete]' (Spec fields, except Tier, should all be zero-value if stagedAction is Delete)",
            "StagedNetworkPolicy|{stagedAction: Maybe}|spec.stagedAction (supported values: \"Set\", \"Delete\", \"Learn\", \"Ignore\")",
            "StagedKubernetesNetworkPolicy|{podSelector: {matchLabels: {app: a}}, policyTypes: [Ingress]}|ok",
            "StagedKubernetesNetworkPolicy|{podSelector: {}, nets: []}|unknown field \"spec.nets\"",
            "Tier|{order: 100, defaultAction: Pass}|ok",
            "Tier|{defaultAction: Allow}|DefaultAction = 'Allow' (Reason: failed to validate Field: DefaultAction because of Tag: oneof )",
            "Profile|{ingress: [{action: Allow}], labelsToApply: {a: b}}|ok",
            "Profile|{labelsToApply: {'a b': c}}|LabelsToApply = 'map[a b:c]' (Reason: failed to validate Field: LabelsToApply because of Tag: labels )",
    })
    void otherPolicyKinds(String kind, String spec, String expected) {
        assertOutcome(kind, kind.equals("Tier") ? "t1" : "p1", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "default|{order: 1000000, defaultAction: Deny}|ok",
            "default|{order: 1000000, defaultAction: Pass}|Tier (The 'default' tier must have default action 'Deny')",
            "kube-admin|{order: 5, defaultAction: Pass}|Tier (kube-admin tier order must be 1000)",
            "kube-baseline|{order: 10000000, defaultAction: Pass}|ok",
    })
    void protectedTiers(String name, String spec, String expected) {
        assertOutcome("Tier", name, spec, expected);
    }

    @Test
    void defaultsTierTypesAndTierLabel() {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p1, namespace: ns1}\n"
                + "spec: {egress: [{action: Allow}]}\n").get(0);
        Validator.validateAndDefault(r);
        assertThat(r.spec()).containsEntry("tier", "default").containsEntry("types", List.of("Egress"));
        assertThat(r.labels()).isEqualTo(Map.of("projectcalico.org/tier", "default"));
    }

    @Test
    void protocolNumberAsStringIsStoredAsNumber() {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g1}\n"
                + "spec: {ingress: [{action: Allow, protocol: '6', destination: {ports: ['80', '1000:2000']}}]}\n").get(0);
        String json = ResourceCodec.toStoredJson(r);
        assertThat(json).contains("\"protocol\":6").contains("\"ports\":[80,\"1000:2000\"]");
    }
}
