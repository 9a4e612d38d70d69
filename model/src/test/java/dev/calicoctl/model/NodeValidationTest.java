package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.calicoctl.model.BgpValidationTest.assertOutcome;

/** Node and IPAMConfiguration: cases from validator_test.go and calicoctl's ST data, as facts. */
class NodeValidationTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{bgp: {ipv4Address: 1.2.3.4/24, ipv6Address: 'aa:bb:cc::ff/120'}}|ok",
            "{bgp: {ipv4Address: 'aa:bb::1'}}|IPv4Address = 'aa:bb::1' (Reason: failed to validate Field: IPv4Address because of Tag: cidrv4 )",
            "{bgp: {ipv6Address: 1.2.3.4}}|IPv6Address = '1.2.3.4' (Reason: failed to validate Field: IPv6Address because of Tag: cidrv6 )",
            "{bgp: {routeReflectorClusterID: 'fd00::1'}}|RouteReflectorClusterID = 'fd00::1' (Reason: failed to validate Field: RouteReflectorClusterID because of Tag: ipv4 )",
            "{bgp: {}}|BGP = 'map[]' (Spec.BGP should not be empty)",
            "{bgp: {asNumber: '1.10', ipv4Address: 10.0.0.1}}|ok",
            "{vxlanTunnelMACAddr: 'ee:ee:ee:ee:ee:ee', ipv4VXLANTunnelAddr: 10.0.0.1}|ok",
            "{vxlanTunnelMACAddr: nope}|VXLANTunnelMACAddr = 'nope' (Reason: failed to validate Field: VXLANTunnelMACAddr because of Tag: mac )",
            "{addresses: [{address: 10.0.0.1, type: InternalIP}]}|ok",
            "{addresses: [{address: 10.0.0.1/8, type: Public}]}|Type = 'Public' (Reason: failed to validate Field: Type because of Tag: ipType )",
    })
    void node(String spec, String expected) {
        assertOutcome("Node", "node1", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{strictAffinity: true, maxBlocksPerHost: 8, autoAllocateBlocks: true}|ok",
            "{maxBlocksPerHost: -1}|MaxBlocksPerHost = '-1' (must be greater than or equal to 0)",
            "{maxBlocksPerHost: 2000000}|spec.maxBlocksPerHost (should be less than or equal to 1000000)",
            "{ipCooldownSeconds: 1201}|spec.ipCooldownSeconds (should be less than or equal to 1200)",
            "{kubeVirtVMAddressPersistence: Maybe}|spec.kubeVirtVMAddressPersistence (supported values: \"Enabled\", \"Disabled\")",
    })
    void ipamConfiguration(String spec, String expected) {
        assertOutcome("IPAMConfiguration", "default", spec, expected);
    }
}
