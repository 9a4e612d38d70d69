package dev.calicoctl.datastore.kube;

import dev.calicoctl.model.Json;
import dev.calicoctl.model.WorkloadEndpointNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calico objects derived from core Kubernetes objects, as libcalico-go's Kubernetes backend
 * derives them (datastore.md §3.9): Node from a v1 Node, WorkloadEndpoint from a Pod, Profiles
 * from Namespaces (kns.) and ServiceAccounts (ksa.). Values come out in the etcd layout.
 */
final class Derived {
    private Derived() {}

    static final String POD_IP = "cni.projectcalico.org/podIP";
    static final String POD_IPS = "cni.projectcalico.org/podIPs";
    static final String CONTAINER_ID = "cni.projectcalico.org/containerID";
    static final String DEFAULT_ALLOW = "projectcalico-default-allow";

    private static Map<String, Object> v3(String kind, Map<String, Object> meta, Map<String, Object> spec) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", kind);
        v.put("apiVersion", "projectcalico.org/v3");
        v.put("metadata", meta);
        v.put("spec", spec);
        return v;
    }

    private static Map<String, Object> baseMeta(Map<String, Object> obj) {
        Map<String, Object> m = Crs.meta(obj);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", m.get("name"));
        if (m.get("namespace") != null) meta.put("namespace", m.get("namespace"));
        if (m.get("uid") != null) meta.put("uid", m.get("uid"));
        if (m.get("creationTimestamp") != null) meta.put("creationTimestamp", m.get("creationTimestamp"));
        return meta;
    }

    // ------------------------------------------------------------------ Node

    /** v1 Node -> Calico Node: merged labels, BGP and tunnel addresses from Calico's annotations. */
    static String node(Map<String, Object> k8sNode) {
        Map<String, Object> m = Crs.meta(k8sNode);
        Map<String, String> ann = Crs.strings(m.get("annotations"));
        Map<String, Object> meta = baseMeta(k8sNode);
        Map<String, String> labels = new TreeMap<>();
        String calicoLabels = ann.get("projectcalico.org/labels");
        if (calicoLabels != null) {
            try { labels.putAll(Crs.strings(Json.parseObject(calicoLabels))); } catch (RuntimeException ignored) { /* malformed: Kubernetes labels only */ }
        }
        labels.putAll(Crs.strings(m.get("labels")));
        if (!labels.isEmpty()) meta.put("labels", labels);
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> bgp = new LinkedHashMap<>();
        putIf(bgp, "ipv4Address", ann.get("projectcalico.org/IPv4Address"));
        putIf(bgp, "ipv6Address", ann.get("projectcalico.org/IPv6Address"));
        putIf(bgp, "ipv4IPIPTunnelAddr", ann.get("projectcalico.org/IPv4IPIPTunnelAddr"));
        putIf(bgp, "asNumber", ann.get("projectcalico.org/ASNumber"));
        putIf(bgp, "routeReflectorClusterID", ann.get("projectcalico.org/RouteReflectorClusterID"));
        if (!bgp.isEmpty()) spec.put("bgp", bgp);
        putIf(spec, "ipv4VXLANTunnelAddr", ann.get("projectcalico.org/IPv4VXLANTunnelAddr"));
        putIf(spec, "vxlanTunnelMACAddr", ann.get("projectcalico.org/VXLANTunnelMACAddr"));
        putIf(spec, "ipv6VXLANTunnelAddr", ann.get("projectcalico.org/IPv6VXLANTunnelAddr"));
        putIf(spec, "vxlanTunnelMACAddrV6", ann.get("projectcalico.org/VXLANTunnelMACAddrV6"));
        Map<String, Object> wg = new LinkedHashMap<>();
        putIf(wg, "interfaceIPv4Address", ann.get("projectcalico.org/IPv4WireguardInterfaceAddr"));
        putIf(wg, "interfaceIPv6Address", ann.get("projectcalico.org/IPv6WireguardInterfaceAddr"));
        if (!wg.isEmpty()) spec.put("wireguard", wg);
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("nodeName", m.get("name"));
        ref.put("orchestrator", "k8s");
        spec.put("orchRefs", List.of(ref));
        Map<String, Object> v = v3("Node", meta, spec);
        v.put("status", new LinkedHashMap<>());
        return Json.write(v);
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) m.put(k, v);
    }

    // ------------------------------------------------------------------ WorkloadEndpoint

    /** The pod named by an endpoint name, or null when the name is not one of Calico's. */
    static String podOfEndpoint(String endpoint) {
        if (!endpoint.endsWith("-eth0")) return null;
        String rest = endpoint.substring(0, endpoint.length() - "-eth0".length());
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) != '-') continue;
            if (i + 1 < rest.length() && rest.charAt(i + 1) == '-') { i++; continue; }
            if (rest.startsWith("-k8s-", i)) {
                String pod = rest.substring(i + "-k8s-".length());
                return pod.replace("--", "-");
            }
            return null;
        }
        return null;
    }

    /** A pod's addresses as Calico reads them: status.podIPs, else status.podIP, else the CNI annotations. */
    @SuppressWarnings("unchecked")
    static List<String> podIps(Map<String, Object> pod) {
        List<String> ips = new ArrayList<>();
        Map<String, Object> status = pod.get("status") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        if (status.get("podIPs") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> e && e.get("ip") != null) ips.add(e.get("ip").toString());
        if (ips.isEmpty() && status.get("podIP") != null && !status.get("podIP").toString().isEmpty()) ips.add(status.get("podIP").toString());
        Map<String, String> ann = Crs.strings(Crs.meta(pod).get("annotations"));
        if (ips.isEmpty() && ann.get(POD_IPS) != null) for (String s : ann.get(POD_IPS).split(",")) if (!s.isBlank()) ips.add(s.trim());
        if (ips.isEmpty() && ann.get(POD_IP) != null && !ann.get(POD_IP).isBlank()) ips.add(ann.get(POD_IP).trim());
        return ips;
    }

    @SuppressWarnings("unchecked")
    static String nodeOf(Map<String, Object> pod) {
        Map<String, Object> spec = Crs.spec(pod);
        return spec.get("nodeName") == null ? null : spec.get("nodeName").toString();
    }

    /** Whether a pod has a Calico endpoint: scheduled, not host-networked, not finished. */
    @SuppressWarnings("unchecked")
    static boolean hasEndpoint(Map<String, Object> pod) {
        Map<String, Object> spec = Crs.spec(pod);
        if (nodeOf(pod) == null || Boolean.TRUE.equals(spec.get("hostNetwork"))) return false;
        Object phase = pod.get("status") instanceof Map<?, ?> s ? ((Map<String, Object>) s).get("phase") : null;
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static String workloadEndpoint(Map<String, Object> pod) {
        Map<String, Object> m = Crs.meta(pod);
        String ns = String.valueOf(m.get("namespace")), name = String.valueOf(m.get("name")), node = nodeOf(pod);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", WorkloadEndpointNames.podEndpoint(node, name));
        meta.put("namespace", ns);
        if (m.get("uid") != null) meta.put("uid", m.get("uid"));
        if (m.get("creationTimestamp") != null) meta.put("creationTimestamp", m.get("creationTimestamp"));
        Map<String, String> labels = new TreeMap<>(Crs.strings(m.get("labels")));
        labels.put("projectcalico.org/namespace", ns);
        labels.put("projectcalico.org/orchestrator", "k8s");
        Object sa = Crs.spec(pod).get("serviceAccountName");
        if (sa != null) labels.put("projectcalico.org/serviceaccount", sa.toString());
        meta.put("labels", labels);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("orchestrator", "k8s");
        spec.put("node", node);
        spec.put("pod", name);
        spec.put("endpoint", "eth0");
        spec.put("interfaceName", WorkloadEndpointNames.podVeth(ns, name));
        String cid = Crs.strings(m.get("annotations")).get(CONTAINER_ID);
        if (cid != null) spec.put("containerID", cid);
        List<String> profiles = new ArrayList<>();
        profiles.add("kns." + ns);
        if (sa != null) profiles.add("ksa." + ns + "." + sa);
        spec.put("profiles", profiles);
        List<String> nets = new ArrayList<>();
        for (String ip : podIps(pod)) nets.add(ip.contains("/") ? ip : ip + (ip.contains(":") ? "/128" : "/32"));
        spec.put("ipNetworks", nets);
        return Json.write(v3("WorkloadEndpoint", meta, spec));
    }

    // ------------------------------------------------------------------ Profiles

    static String namespaceProfile(Map<String, Object> ns) {
        Map<String, Object> m = Crs.meta(ns);
        Map<String, Object> meta = baseMeta(ns);
        meta.put("name", "kns." + m.get("name"));
        meta.remove("namespace");
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> allow = new LinkedHashMap<>();
        allow.put("action", "Allow");
        spec.put("ingress", List.of(allow));
        spec.put("egress", List.of(allow));
        Map<String, String> apply = new TreeMap<>();
        apply.put("pcns.projectcalico.org/name", String.valueOf(m.get("name")));
        for (Map.Entry<String, String> e : Crs.strings(m.get("labels")).entrySet()) apply.put("pcns." + e.getKey(), e.getValue());
        spec.put("labelsToApply", apply);
        return Json.write(v3("Profile", meta, spec));
    }

    static String serviceAccountProfile(Map<String, Object> sa) {
        Map<String, Object> m = Crs.meta(sa);
        Map<String, Object> meta = baseMeta(sa);
        meta.put("name", "ksa." + m.get("namespace") + "." + m.get("name"));
        meta.remove("namespace");
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, String> apply = new TreeMap<>();
        apply.put("pcsa.projectcalico.org/name", String.valueOf(m.get("name")));
        for (Map.Entry<String, String> e : Crs.strings(m.get("labels")).entrySet()) apply.put("pcsa." + e.getKey(), e.getValue());
        spec.put("labelsToApply", apply);
        return Json.write(v3("Profile", meta, spec));
    }

    /** The profile calicoctl shows in every cluster, never stored. */
    static String defaultAllowProfile() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", DEFAULT_ALLOW);
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> allow = new LinkedHashMap<>();
        allow.put("action", "Allow");
        spec.put("ingress", List.of(allow));
        spec.put("egress", List.of(allow));
        return Json.write(v3("Profile", meta, spec));
    }
}
