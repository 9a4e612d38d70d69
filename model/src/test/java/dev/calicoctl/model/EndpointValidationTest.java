package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.calicoctl.model.BgpValidationTest.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

/** HostEndpoint, WorkloadEndpoint, NetworkSet, GlobalNetworkSet, CalicoNodeStatus. */
class EndpointValidationTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{node: n1, interfaceName: eth0, expectedIPs: [10.0.0.1], profiles: [p1]}|ok",
            "{node: n1, interfaceName: wibblywobblyeth0}|InterfaceName = 'wibblywobblyeth0' (Reason: failed to validate Field: InterfaceName because of Tag: interface )",
            "{node: n1, interfaceName: '*'}|ok",
            "{node: n1}|spec (at least one of interfaceName or expectedIPs must be specified)",
            "{interfaceName: eth0}|spec (node must be specified)",
            "{node: n1, expectedIPs: [10.0.0.300]}|ExpectedIPs[0] = '10.0.0.300' (Reason: failed to validate Field: ExpectedIPs[0] because of Tag: ip )",
            "{node: n1, interfaceName: eth0, ports: [{name: http, protocol: TCP, port: 80}]}|ok",
            "{node: n1, interfaceName: eth0, ports: [{name: icmp, protocol: ICMP, port: 80}]}|EndpointPort.Protocol = 'ICMP' (EndpointPort protocol does not support ports.)",
            "{node: n1, interfaceName: eth0, ports: [{name: http, protocol: TCP, port: 0}]}|Port = '0' (Reason: failed to validate Field: Port because of Tag: gt )",
            "{node: n1, interfaceName: eth0, ports: [{name: Bad_Name, protocol: TCP, port: 80}]}|Name = 'Bad_Name' (Reason: failed to validate Field: Name because of Tag: portName )",
    })
    void hostEndpoint(String spec, String expected) {
        assertOutcome("HostEndpoint", "hep1", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{node: n1, orchestrator: k8s, pod: p, endpoint: eth0, interfaceName: cali0, ipNetworks: [10.0.0.1/32], mac: 'ee:ee:ee:ee:ee:ee'}|ok",
            "{node: n1, orchestrator: k8s, pod: p, endpoint: eth0}|InterfaceName = '' (Reason: failed to validate Field: InterfaceName because of Tag: interface )",
            "{interfaceName: cali0, ipNetworks: [10.0.0.0/24]}|IPNetworks = '[10.0.0.0/24]' (IP network contains multiple addresses)",
            "{interfaceName: cali0, ipNetworks: [10.0.0.1/32], ipNATs: [{internalIP: 10.0.0.2, externalIP: 1.2.3.4}]}|IPNATs = '[map[externalIP:1.2.3.4 internalIP:10.0.0.2]]' (NAT is not in the endpoint networks)",
            "{interfaceName: cali0, ipNetworks: [10.0.0.1/32], ipNATs: [{internalIP: 10.0.0.1, externalIP: 'fd00::1'}]}|ExternalIP = 'fd00::1' (mismatched IP versions)",
            "{interfaceName: cali0, ipv4Gateway: 'fd00::1'}|IPv4Gateway = 'fd00::1' (Reason: failed to validate Field: IPv4Gateway because of Tag: ipv4 )",
            "{interfaceName: cali0, mac: zz}|MAC = 'zz' (Reason: failed to validate Field: MAC because of Tag: mac )",
            "{interfaceName: cali0, containerID: -abc}|ContainerID = '-abc' (Reason: failed to validate Field: ContainerID because of Tag: containerID )",
            "{interfaceName: cali0, ports: [{protocol: TCP, port: 80}]}|WorkloadEndpointPort.Name = '' (WorkloadEndpointPort name must not be empty if no HostPort is specified)",
            "{interfaceName: cali0, ports: [{protocol: UDP, port: 53, hostPort: 5353}]}|ok",
    })
    void workloadEndpoint(String spec, String expected) {
        assertOutcome("WorkloadEndpoint", "n1-k8s-p-eth0", spec, expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "NetworkSet|{nets: [10.0.0.1, 11.0.0.0/16, 'feed:beef::1', 10.0.0.1/8]}|ok",
            "GlobalNetworkSet|{nets: [10.0.0.0/33]}|Nets[0] = '10.0.0.0/33' (Reason: failed to validate Field: Nets[0] because of Tag: cidr )",
            "CalicoNodeStatus|{node: n1, classes: [Agent, BGP], updatePeriodSeconds: 10}|ok",
            "CalicoNodeStatus|{node: n1, classes: [Agent, Agent], updatePeriodSeconds: 10}|Classes = '[Agent Agent]' (Reason: failed to validate Field: Classes because of Tag: unique )",
            "CalicoNodeStatus|{classes: [Disk], updatePeriodSeconds: 90000}|Node = '' (Reason: failed to validate Field: Node because of Tag: required )",
    })
    void setsAndStatus(String kind, String spec, String expected) {
        assertOutcome(kind, "s1", spec, expected);
    }

    @Test
    void networkSetsReserveTheNamespaceLabel() {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: g\n  labels: {projectcalico.org/namespace: x}\nspec: {}\n").get(0);
        assertThat(Validator.problems(r)).extracting(FieldError::toString)
                .containsExactly("Metadata.Labels (label) = 'projectcalico.org/namespace' (projectcalico.org/namespace is not a valid label name)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "orchestrator: k8s, node: node1, pod: abcd, endpoint: eth0|node1-k8s-abcd-eth0",
            "orchestrator: k8s, node: node-1, pod: my-pod, endpoint: eth0|node--1-k8s-my--pod-eth0",
            "orchestrator: cni, node: n, containerID: c1, endpoint: eth0|n-cni-c1-eth0",
            "orchestrator: libnetwork, node: n, endpoint: e|n-libnetwork-libnetwork-e",
            "orchestrator: openstack, node: n, workload: w, endpoint: e|n-openstack-w-e",
    })
    void workloadEndpointNamesDeriveFromTheSpec(String spec, String name) {
        Resource r = ResourceCodecTest.decode("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {namespace: ns1}\n"
                + "spec: {interfaceName: cali0, " + spec + "}\n").get(0);
        List<FieldError> errors = new ArrayList<>();
        r.kind().rules().prepare(r, errors);
        assertThat(errors).isEmpty();
        assertThat(r.name()).isEqualTo(name);
        r.kind().rules().applyDefaults(r);
        assertThat(r.labels()).containsEntry("projectcalico.org/namespace", "ns1").containsKey("projectcalico.org/orchestrator");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "orchestrator: k8s, pod: p, endpoint: eth0|node (field should be assigned)",
            "orchestrator: k8s, node: n, endpoint: eth0|pod = '' (field should be assigned)",
            "orchestrator: k8s, node: -n, pod: p, endpoint: eth0|node = '-n' (field must not begin with a '-')",
            "orchestrator: k8s, node: n, pod: p, endpoint: eth0, other: 1|unknown field",
    })
    void workloadEndpointIdentifierErrors(String spec, String expected) {
        String text = "apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: x, namespace: ns1}\nspec: {interfaceName: cali0, " + spec + "}\n";
        String got;
        try {
            Resource r = ResourceCodecTest.decode(text).get(0);
            List<FieldError> errors = new ArrayList<>();
            r.kind().rules().prepare(r, errors);
            got = new ValidationException(errors).getMessage();
        } catch (CalicoException e) {
            got = e.getMessage();
        }
        assertThat(got).contains(expected);
    }
}
