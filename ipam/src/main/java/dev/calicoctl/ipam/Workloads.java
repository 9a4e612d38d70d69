package dev.calicoctl.ipam;

import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WorkloadEndpoints for pods assigned through `ipam assign --pod`: what the CNI plugin records
 * after taking an address, and what `ipam check` treats as "in use". Named as Calico names
 * Kubernetes endpoints: &lt;node&gt;-k8s-&lt;pod&gt;-eth0, each part with '-' doubled.
 */
public final class Workloads {
    private static final Kind WEP = Kinds.byName("WorkloadEndpoint");

    private Workloads() {}

    /** The host-side veth name Calico's CNI plugin gives a pod: "cali" + 11 hex digits of sha1("ns.pod"). */
    static String vethName(String namespace, String pod) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-1").digest((namespace + "." + pod).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "cali" + java.util.HexFormat.of().formatHex(h).substring(0, 11);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-1
        }
    }

    public static String endpointName(String node, String pod) {
        return node.replace("-", "--") + "-k8s-" + pod.replace("-", "--") + "-eth0";
    }

    /** Records the pod's addresses on its endpoint, creating the endpoint when needed. */
    public static void record(ResourceStore store, String node, String namespace, String pod, List<IpAddress> ips) {
        String name = endpointName(node, pod);
        for (int attempt = 0; attempt < Ipam.RETRIES; attempt++) {
            Optional<Resource> cur = store.find(WEP, namespace, name);
            try {
                if (cur.isEmpty()) {
                    Resource r = Resource.named(WEP, namespace, name);
                    r.spec().put("orchestrator", "k8s");
                    r.spec().put("node", node);
                    r.spec().put("pod", pod);
                    r.spec().put("endpoint", "eth0");
                    r.spec().put("interfaceName", vethName(namespace, pod)); // required by Calico's validator
                    r.spec().put("ipNetworks", nets(ips, List.of()));
                    store.create(r);
                } else {
                    Resource r = cur.get();
                    r.spec().put("ipNetworks", nets(ips, existing(r)));
                    store.update(r);
                }
                return;
            } catch (ResourceStore.AlreadyExists | ResourceStore.UpdateConflict | ResourceStore.NotFound e) {
                // raced with another writer: read again
            }
        }
        throw new IpamException("could not record workload endpoint " + namespace + "/" + name + ": too many concurrent updates");
    }

    /** Drops released addresses from whichever endpoints list them; an endpoint left with none goes. */
    public static void forget(ResourceStore store, List<IpAddress> released) {
        if (released.isEmpty()) return;
        for (Resource r : store.list(WEP, null)) {
            List<String> nets = existing(r);
            List<String> kept = new ArrayList<>();
            for (String n : nets) {
                Cidr c = Cidr.tryParseCidrOrIp(n);
                if (c == null || !released.contains(c.ip())) kept.add(n);
            }
            if (kept.size() == nets.size()) continue;
            try {
                if (kept.isEmpty()) store.delete(WEP, r.namespace(), r.name(), r.resourceVersion());
                else {
                    r.spec().put("ipNetworks", kept);
                    store.update(r);
                }
            } catch (ResourceStore.UpdateConflict | ResourceStore.NotFound e) {
                // changed meanwhile; ipam check will show anything left over
            }
        }
    }

    private static List<String> existing(Resource r) {
        List<String> out = new ArrayList<>();
        if (r.spec().get("ipNetworks") instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static List<Object> nets(List<IpAddress> ips, List<String> existing) {
        List<Object> out = new ArrayList<>(existing);
        for (IpAddress ip : ips) {
            String n = ip + "/" + ip.bits();
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }
}
