package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.WorkloadEndpointNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WorkloadEndpoints for pods assigned through `ipam assign --pod` or the CNI plugin: what
 * Calico's CNI plugin records after taking an address, and what `ipam check` treats as "in
 * use". Named as Calico names endpoints: &lt;node&gt;-k8s-&lt;pod&gt;-eth0, each part with '-' doubled.
 */
public final class Workloads {
    private static final Kind WEP = Kinds.byName("WorkloadEndpoint");
    private static final Retry RETRY = Retry.onlyWhenToldAgain();

    private Workloads() {}

    /**
     * Who an endpoint belongs to, as upstream's WorkloadEndpointIdentifiers: a Kubernetes pod
     * (orchestrator k8s) or a bare CNI container (orchestrator cni, named by its container ID).
     */
    public record Endpoint(String node, String orchestrator, String namespace, String workload, String endpoint, String containerId) {
        public static Endpoint pod(String node, String namespace, String pod, String ifName) {
            return new Endpoint(node, "k8s", namespace, pod, ifName, null);
        }

        public static Endpoint container(String node, String namespace, String containerId, String ifName) {
            return new Endpoint(node, "cni", namespace, containerId, ifName, containerId);
        }

        /** &lt;node&gt;-&lt;orchestrator&gt;-&lt;pod or container&gt;-&lt;interface&gt;, each part with '-' doubled. */
        public String name() {
            return WorkloadEndpointNames.name(node, orchestrator, workload, endpoint);
        }

        /** The host-side veth Calico's CNI plugin would create: from the pod's name, or "cali" + the container ID's first 11 characters. */
        public String hostInterface() {
            if ("k8s".equals(orchestrator)) return WorkloadEndpointNames.podVeth(namespace, workload);
            return "cali" + containerId.substring(0, Math.min(11, containerId.length()));
        }
    }

    /** Records a workload's addresses on its endpoint, creating the endpoint when needed. */
    public static void record(ResourceStore store, Endpoint ep, List<IpAddress> ips) {
        String namespace = ep.namespace(), name = ep.name();
        RETRY.until(attempt -> {
            Optional<Resource> cur = store.find(WEP, namespace, name);
            try {
                if (cur.isEmpty()) {
                    Resource r = Resource.named(WEP, namespace, name);
                    r.spec().put("orchestrator", ep.orchestrator());
                    r.spec().put("node", ep.node());
                    if ("k8s".equals(ep.orchestrator())) r.spec().put("pod", ep.workload());
                    if (ep.containerId() != null) r.spec().put("containerID", ep.containerId());
                    r.spec().put("endpoint", ep.endpoint());
                    r.spec().put("interfaceName", ep.hostInterface()); // required by Calico's validator
                    r.spec().put("ipNetworks", nets(ips, List.of()));
                    store.create(r);
                } else {
                    Resource r = cur.get();
                    r.spec().put("ipNetworks", nets(ips, existing(r)));
                    store.update(r);
                }
                return null;
            } catch (ResourceStore.AlreadyExists | ResourceStore.UpdateConflict e) {
                throw Retry.again(); // raced with another writer: read again
            } catch (DatastoreException.NotFound e) {
                if (cur.isEmpty()) throw e; // a create missing what it needs (the pod, on Kubernetes): no race to retry
                throw Retry.again(); // deleted meanwhile: read again
            }
        }, "could not record workload endpoint " + namespace + "/" + name + ": too many concurrent updates");
    }

    /** Deletes a workload's endpoint if it exists (a CNI DEL); true when one was deleted. */
    public static boolean remove(ResourceStore store, Endpoint ep) {
        return RETRY.until(attempt -> {
            Optional<Resource> cur = store.find(WEP, ep.namespace(), ep.name());
            if (cur.isEmpty()) return false;
            try {
                store.delete(WEP, ep.namespace(), ep.name(), cur.get().resourceVersion());
                return true;
            } catch (ResourceStore.UpdateConflict e) {
                throw Retry.again(); // changed meanwhile: read again
            } catch (DatastoreException.NotFound e) {
                return false;
            }
        }, "could not delete workload endpoint " + ep.namespace() + "/" + ep.name() + ": too many concurrent updates");
    }

    /** The addresses an endpoint lists, or empty when it does not exist. */
    public static List<String> addresses(ResourceStore store, Endpoint ep) {
        return store.find(WEP, ep.namespace(), ep.name()).map(Workloads::existing).orElse(List.of());
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
            } catch (ResourceStore.UpdateConflict | DatastoreException.NotFound e) {
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
