package dev.calicoctl.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names Calico derives for a workload (libcalico-go names.WorkloadEndpointIdentifiers and the
 * CNI plugin's veth naming), in one place: the validator, the IPAM engine's endpoint writer and
 * the Kubernetes backend's pod-derived endpoints must all agree on them.
 */
public final class WorkloadEndpointNames {
    private WorkloadEndpointNames() {}

    /** &lt;node&gt;-&lt;orchestrator&gt;-&lt;workload&gt;-&lt;endpoint&gt;, each part with '-' doubled so the name splits back unambiguously. */
    public static String name(String node, String orchestrator, String workload, String endpoint) {
        return escape(node) + "-" + escape(orchestrator) + "-" + escape(workload) + "-" + escape(endpoint);
    }

    /** A Kubernetes pod's endpoint: &lt;node&gt;-k8s-&lt;pod&gt;-eth0. */
    public static String podEndpoint(String node, String pod) { return name(node, "k8s", pod, "eth0"); }

    /** One identifier as it appears inside a name: '-' doubled. */
    public static String escape(String part) { return part.replace("-", "--"); }

    /** The host-side veth Calico's CNI plugin creates for a pod: "cali" + the first 11 hex digits of sha1("namespace.pod"). */
    public static String podVeth(String namespace, String pod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            return "cali" + HexFormat.of().formatHex(h).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-1
        }
    }
}
