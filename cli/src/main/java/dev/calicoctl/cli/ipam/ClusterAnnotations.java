package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.datastore.Orchestrator;
import dev.calicoctl.model.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Calico CNI plugin reads from the cluster before it asks IPAM for addresses: the pod's
 * annotations, then its namespace's (cni.projectcalico.org/ipv4pools, ipv6pools; ipAddrs on the
 * pod only), pod before namespace before the network configuration (here: --ipv4-pools and
 * --ipv6-pools), and the namespace's labels for pools' namespaceSelector.
 */
record ClusterAnnotations(List<String> ipv4Pools, List<String> ipv6Pools, List<String> ipAddrs, Map<String, String> namespaceLabels) {
    static final String IPV4_POOLS = "cni.projectcalico.org/ipv4pools";
    static final String IPV6_POOLS = "cni.projectcalico.org/ipv6pools";
    static final String IP_ADDRS = "cni.projectcalico.org/ipAddrs";

    static ClusterAnnotations read(Orchestrator cluster, String namespace, String pod) {
        Orchestrator.Meta ns = cluster.namespace(namespace)
                .orElseThrow(() -> new CliException("namespaces \"" + namespace + "\" not found"));
        Map<String, String> podAnn = Map.of();
        if (pod != null) {
            podAnn = cluster.pod(namespace, pod).orElseThrow(() -> new CliException("pods \"" + pod + "\" not found in namespace " + namespace))
                    .meta().annotations();
        }
        return new ClusterAnnotations(
                pick(podAnn, ns.annotations(), IPV4_POOLS), pick(podAnn, ns.annotations(), IPV6_POOLS),
                list(podAnn.get(IP_ADDRS), IP_ADDRS), ns.labels());
    }

    private static List<String> pick(Map<String, String> pod, Map<String, String> ns, String annotation) {
        if (pod.containsKey(annotation)) return list(pod.get(annotation), annotation);
        if (ns.containsKey(annotation)) return list(ns.get(annotation), annotation);
        return null;
    }

    /** The annotation's JSON list of strings, strictly. */
    private static List<String> list(String text, String annotation) {
        if (text == null) return null;
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (RuntimeException e) {
            throw new CliException("failed to parse '" + text + "' as JSON in annotation " + annotation + ": " + e.getMessage());
        }
        if (!(parsed instanceof List<?> l)) throw new CliException("annotation " + annotation + " must be a JSON list of strings, not '" + text + "'");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new CliException("annotation " + annotation + " must be a JSON list of strings, not '" + text + "'");
            out.add(s);
        }
        return out;
    }
}
