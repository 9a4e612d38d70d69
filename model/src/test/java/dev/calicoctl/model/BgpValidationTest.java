package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** BGPPeer, BGPConfiguration, BGPFilter: cases from libcalico-go's validator_test.go and calicoctl's ST data, as facts. */
class BgpValidationTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{peerIP: 192.168.1.1}|ok",
            "{peerIP: badpeerIP}|PeerIP = 'badpeerIP' (Reason: failed to validate Field: PeerIP because of Tag: IP:port )",
            "{peerIP: 192.168.0.256}|PeerIP = '192.168.0.256'",
            "{peerIP: 'fd5f::6::ee'}|PeerIP = 'fd5f::6::ee'",
            "{node: node 2, peerIP: 10.0.0.1}|error with field Node = 'node 2' (Reason: failed to validate Field: Node because of Tag: name )",
            "{peerIP: '192.168.1.1:500'}|ok",
            "{peerIP: '[9000::]:500'}|ok",
            "{peerIP: '[192.168.0.0]:98956'}|Tag: IP:port",
            "{peerIP: '192.168.0.0:65536'}|Tag: IP:port",
            "{peerIP: '192.168.0.0:0'}|Tag: IP:port",
            "{peerIP: '192.168.0.330:170'}|Tag: IP:port",
            "{peerIP: '192.168.0.0:'}|Tag: IP:port",
            "{peerIP: '[9000::]:'}|Tag: IP:port",
            "{peerIP: '[9000::FFFFF]:170'}|Tag: IP:port",
            "{peerIP: ':8552'}|Tag: IP:port",
            "{node: a, nodeSelector: all()}|error with field spec (node and nodeSelector cannot both be set)",
            "{peerIP: 10.0.0.1, peerSelector: all()}|spec (peerIP and peerSelector cannot both be set)",
            "{asNumber: 64512, peerSelector: all()}|spec (asNumber must be empty when peerSelector is set)",
            "{nodeSelector: all(), peerSelector: all()}|ok",
            "{localWorkloadSelector: all()}|spec (asNumber is required when localWorkloadSelector is set)",
            "{localWorkloadSelector: all(), asNumber: 1, peerSelector: all()}|spec (peerSelector must be empty when localWorkloadSelector is set)",
            "{localWorkloadSelector: all(), asNumber: 1, peerIP: 10.0.0.1}|spec (peerIP must be empty when localWorkloadSelector is set)",
            "{peerIP: 10.0.0.1, keepOriginalNextHop: true, nextHopMode: Self}|keepOriginalNextHop and nextHopMode cannot both be set",
            "{reachableBy: 10.0.0.1}|spec (reachableBy must be empty when peerIP is empty)",
            "{peerIP: 10.0.0.1, reachableBy: 10.0.0.2}|ok",
            "{peerIP: 'fd00::1', reachableBy: 'fd00::2'}|ok",
            "{peerIP: 10.0.0.1, reachableBy: 10.0.0}|ReachableBy = '10.0.0' (Reason: failed to validate Field: ReachableBy because of Tag: reachableBy )",
            "{peerIP: 10.0.0.1, reachableBy: 'fd00::2'}|ReachableBy = 'fd00::2' (ReachableBy and PeerIP address family mismatched)",
            "{peerIP: '10.0.0.1:179', reachableBy: 'fd00::2'}|ReachableBy and PeerIP address family mismatched",
            "{peerIP: 10.0.0.1, password: {secretKeyRef: {name: s, key: k}}}|ok",
            "{nodeSelector: \"kubernetes.io/hostname: == 'x'\"}|NodeSelector = 'kubernetes.io/hostname: == 'x'' (Reason: failed to validate Field: NodeSelector because of Tag: selector )",
            "{peerIP: 10.0.0.1, sourceAddress: UseNodeIP}|ok",
            "{peerIP: 10.0.0.1, sourceAddress: rubbish}|spec.sourceAddress (supported values: \"UseNodeIP\", \"None\")",
            "{peerIP: 10.0.0.1, maxRestartTime: 10s}|ok",
            "{peerIP: 10.0.0.1, maxRestartTime: 10}|decode: ",
            "{peerIP: 10.0.0.1, asNumber: '1.10'}|ok",
            "{peerIP: 10.0.0.1, asNumber: 4294967296}|cannot unmarshal number into Go struct field BGPPeerSpec.spec.asNumber of type string",
            "{peerIP: 10.0.0.1, asNumber: 'x.y'}|invalid AS Number format (x.y)",
            "{peerIP: 10.0.0.1, ttlSecurity: 300}|spec.ttlSecurity (should be less than or equal to 255)",
            "{peerIP: 10.0.0.1, filters: [Bad_Filter]}|Filters[0] = 'Bad_Filter' (Reason: failed to validate Field: Filters[0] because of Tag: name )",
            "{peerIP: 10.0.0.1, bogus: 1}|decode: document 1: line 5: unknown field \"spec.bogus\"",
    })
    void bgpPeer(String spec, String expected) {
        assertOutcome("BGPPeer", "peer1", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "default|{logSeverityScreen: Info, nodeToNodeMeshEnabled: true, asNumber: 64512}|ok",
            "default|{logSeverityScreen: Loud}|spec.logSeverityScreen (should match '^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$')",
            "default|{communities: [{name: c1, value: '101:5695'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c1, '201:1']}]}|ok",
            "default|{communities: [{name: c1, value: '70000:1'}], prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [c1]}]}|Spec.Communities[].Value = '70000:1' (invalid community value, expected 16 bit value)",
            "default|{communities: [{name: c1, value: '1:2'}]}|spec (communities are defined but not used in prefixAdvertisements)",
            "default|{prefixAdvertisements: [{cidr: 10.0.0.0/8, communities: [nosuch]}]}|Spec.PrefixAdvertisement[].Communities[] = 'nosuch' (community used is invalid or not defined.)",
            "default|{prefixAdvertisements: [{cidr: 10.0.0.1/8, communities: ['1:1']}]}|CIDR = '10.0.0.1/8' (Reason: failed to validate Field: CIDR because of Tag: net )",
            "default|{serviceClusterIPs: [{cidr: 10.96.0.0/12}], listenPort: 179}|ok",
            "default|{listenPort: 70000}|spec.listenPort (should be less than or equal to 65535)",
            "default|{nodeToNodeMeshEnabled: false, nodeMeshMaxRestartTime: 2m}|spec (nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false)",
            "default|{ignoredInterfaces: ['*']}|IgnoredInterfaces[0] = '*'",
            "default|{ipv4NormalRoutePriority: 0}|IPv4NormalRoutePriority = '0' (Reason: failed to validate Field: IPv4NormalRoutePriority because of Tag: gte )",
            "default|{bindMode: Sometimes}|spec.bindMode (supported values: \"None\", \"NodeIP\")",
            "node.n1|{logSeverityScreen: Debug}|ok",
    })
    void bgpConfiguration(String name, String spec, String expected) {
        assertOutcome("BGPConfiguration", name, spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{exportV4: [{action: Accept, cidr: 10.0.0.0/8, matchOperator: In}]}|ok",
            "{exportV4: [{action: Accept, cidr: 10.0.0.0/8}]}|spec.exportV4[0] (cidr and matchOperator must both be set or both be empty)",
            "{exportV4: [{action: Accept, prefixLength: {min: 8}}]}|spec.exportV4[0] (cidr is required when prefixLength is set)",
            "{exportV4: [{action: Reject, operations: [{setPriority: {value: 5}}]}]}|spec.exportV4[0] (operations may only be used with action Accept)",
            "{exportV4: [{action: Maybe}]}|spec.exportV4[0].action (supported values: \"Accept\", \"Reject\")",
            "{exportV4: [{cidr: 10.0.0.0/8, matchOperator: Equal}]}|Action = '' (Reason: failed to validate Field: Action because of Tag: required )",
            "{exportV4: [{action: Accept, cidr: 'fd00::/64', matchOperator: Equal}]}|CIDR = 'fd00::/64' (Reason: failed to validate Field: CIDR because of Tag: netv4 )",
            "{importV6: [{action: Accept, cidr: 'fd00::/64', matchOperator: Equal, prefixLength: {min: 129}}]}|Min = '129' (Reason: failed to validate Field: Min because of Tag: bgpFilterPrefixLengthV6 )",
            "{exportV4: [{action: Accept, interface: 'eth*'}]}|ok",
            "{exportV4: [{action: Accept, interface: 'a-very-long-interface'}]}|Interface = 'a-very-long-interface'",
            "{exportV4: [{action: Accept, peerType: xBGP}]}|PeerType = 'xBGP' (Reason: failed to validate Field: PeerType because of Tag: oneof )",
            "{exportV4: [{action: Accept, operations: [{setPriority: {value: 5}, addCommunity: {value: '1:1'}}]}]}|spec.exportV4[0].operations[0] (should have at most 1 properties)",
    })
    void bgpFilter(String spec, String expected) {
        assertOutcome("BGPFilter", "f1", spec, expected);
    }

    static void assertOutcome(String kind, String name, String spec, String expected) {
        String got = KindCases.outcome(kind, name, spec);
        if (expected.equals("ok")) assertThat(got).isEqualTo("ok");
        else assertThat(got).contains(expected);
    }
}
