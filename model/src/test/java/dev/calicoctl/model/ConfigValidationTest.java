package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.calicoctl.model.BgpValidationTest.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/** FelixConfiguration and KubeControllersConfiguration: field table, enums, ranges, durations. */
class ConfigValidationTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "default|{reportingInterval: 125s, logSeverityScreen: Info, iptablesBackend: NFT, bpfEnabled: true}|ok",
            "default|{reportingInterval: 5}|decode: ",
            "default|{reportingInterval: 5x}|time: unknown unit \"x\" in duration \"5x\"",
            "default|{reportingInterval: x}|time: invalid duration \"x\"",
            "default|{noSuchField: 1}|unknown field \"spec.noSuchField\"",
            "default|{nodeSelector: all()}|FelixConfiguration (nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration)",
            "custom|{nodeSelector: all()}|ok",
            "default|{bpfLogLevel: Loud}|spec.bpfLogLevel (should match '^(?i)(Off|Info|Debug)?$')",
            "default|{wireguardListeningPort: 0}|WireguardListeningPort = '0' (Reason: failed to validate Field: WireguardListeningPort because of Tag: gt )",
            "default|{floatingIPs: Sometimes}|spec.floatingIPs (supported values: \"Enabled\", \"Disabled\")",
            "default|{routeTableRange: {min: 0, max: 300}}|spec.routeTableRange (must be a range of route table indices within 1..250)",
            "default|{routeTableRange: {min: 1, max: 2}, routeTableRanges: [{min: 1, max: 2}]}|spec (routeTableRange and routeTableRanges cannot both be set)",
            "default|{routeTableRanges: [{min: 5, max: 2}]}|spec.routeTableRanges[0] (min must not be greater than max)",
            "default|{natOutgoingAddress: 'fd00::1'}|spec (natOutgoingAddress must be a valid IPv4 address)",
            "default|{natOutgoingAddress: x}|NATOutgoingAddress = 'x' (is not a valid IP address)",
            "default|{kubeNodePortRanges: [1, 2, 3, 4, 5, 6, 7, 8]}|KubeNodePortRanges = '[1 2 3 4 5 6 7 8]' (node port ranges list is too long (max 7))",
            "default|{kubeNodePortRanges: [http]}|(node port ranges should not contain named ports)",
            "default|{externalNodesList: ['fd00::/64']}|ExternalNodesCIDRList = 'fd00::/64' (has invalid IPv6 CIDR)",
            "default|{openstackRegion: UPPER}|OpenstackRegion = 'UPPER' (must be a valid DNS label)",
            "default|{failsafeInboundHostPorts: [{protocol: TCP, port: 22}, {protocol: ICMP, port: 1}]}|ProtoPort.Protocol = 'ICMP' (protocol must be 'TCP' or 'UDP' or 'SCTP'.)",
            "default|{healthTimeoutOverrides: [{name: 'bad!', timeout: 10s}]}|HealthTimeoutOverride.Name",
            "default|{featureDetectOverride: 'a=true,b='}|ok",
            "default|{featureDetectOverride: 'bad'}|FeatureDetectOverride = 'bad' (Reason: failed to validate Field: FeatureDetectOverride because of Tag: keyValueList )",
    })
    void felixConfiguration(String name, String spec, String expected) {
        assertOutcome("FelixConfiguration", name, spec, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{logSeverityScreen: Info, healthChecks: Enabled, etcdV3CompactionPeriod: 10m, controllers: {node: {reconcilerPeriod: 5m, syncLabels: Enabled}}}|ok",
            "{logSeverityScreen: Loud}|spec.logSeverityScreen (supported values: \"None\", \"Debug\", \"Info\", \"Warning\", \"Error\", \"Fatal\", \"Panic\")",
            "{healthChecks: 'On'}|HealthChecks = 'On' (Reason: failed to validate Field: HealthChecks because of Tag: oneof )",
            "{prometheusMetricsPort: 70000}|spec.prometheusMetricsPort (should be less than or equal to 65535)",
            "{controllers: {loadBalancer: {assignIPs: Some}}}|spec.controllers.loadBalancer.assignIPs (supported values: \"AllServices\", \"RequestedServicesOnly\")",
            "{controllers: {node: {hostEndpoint: {templates: [{generateName: t, interfaceCIDRs: [10.0.0.0/33]}]}}}}|InterfaceCIDRs = '[10.0.0.0/33]' (Reason: failed to validate Field: InterfaceCIDRs because of Tag: cidrs )",
            "{controllers: {nodes: {}}}|unknown field \"spec.controllers.nodes\"",
    })
    void kubeControllersConfiguration(String spec, String expected) {
        assertOutcome("KubeControllersConfiguration", "default", spec, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{controllers: {node: {hostEndpoint: {templates: [{interfacePattern: eth}]}}}}|KubeControllersConfiguration.Node.HostEndpoint.Templates (Template name must be specified)",
            "{controllers: {node: {hostEndpoint: {templates: [{generateName: t}]}}}}|KubeControllersConfiguration.Node.HostEndpoint.Templates.t (InterfaceCIDRs or InterfacePattern must be specified)",
            "{controllers: {node: {hostEndpoint: {templates: [{generateName: t, interfacePattern: a}, {generateName: t, interfacePattern: b}]}}}}|Templates.t (Template name must be unique)",
    })
    void kubeControllersTemplatesAreCheckedOnWrite(String spec, String expected) {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: KubeControllersConfiguration\nmetadata: {name: default}\nspec: " + spec + "\n").get(0);
        List<FieldError> errors = new ArrayList<>();
        r.kind().rules().prepare(r, errors);
        assertThat(new ValidationException(errors).getMessage()).contains(expected);
    }

    @Test
    void durationsAreStoredAsGoPrintsThem() {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\n"
                + "spec: {reportingInterval: 125s, iptablesRefreshInterval: 9910s, routeRefreshInterval: 1.5h, netlinkTimeout: 500ms, ipsetsRefreshInterval: 0s}\n").get(0);
        assertThat(r.canonical().get("spec")).asString()
                .contains("reportingInterval=2m5s").contains("iptablesRefreshInterval=2h45m10s").contains("routeRefreshInterval=1h30m0s")
                .contains("netlinkTimeout=500ms").contains("ipsetsRefreshInterval=0s");
    }

    @Test
    void felixClientDefaults() {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\n"
                + "spec: {bpfConnectTimeLoadBalancingEnabled: false}\n").get(0);
        r.kind().rules().prepare(r, new ArrayList<>());
        Validator.validateAndDefault(r);
        assertThat(r.spec()).containsEntry("floatingIPs", "Disabled").containsEntry("bpfConnectTimeLoadBalancing", "Disabled")
                .containsEntry("bpfHostNetworkedNATWithoutCTLB", "Disabled").containsEntry("nftablesMode", "Auto");
    }

    @Test
    void felixFieldTableHoldsEveryUpstreamField() {
        assertThat(FelixFields.ROWS.length).isEqualTo(188);
        assertThat(Kinds.byName("FelixConfiguration").specType().fields()).containsKeys("bpfEnabled", "wireguardMTU", "bpfMaglevMaxServices");
    }
}
