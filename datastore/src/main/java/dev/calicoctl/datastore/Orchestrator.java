package dev.calicoctl.datastore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only a Kubernetes API server holds and IPAM needs to read: a pod's and its namespace's
 * annotations and labels (the CNI plugin's pool choice), and every pod's and LoadBalancer
 * service's addresses (`ipam check`). Read-only.
 */
public interface Orchestrator {
    /** Name, namespace (null for cluster objects), labels and annotations of one object. */
    record Meta(String namespace, String name, Map<String, String> labels, Map<String, String> annotations) {}

    /** A pod: its node and its addresses as Calico reads them (status.podIPs, else the CNI annotations). */
    record Pod(Meta meta, String node, List<String> ips) {}

    /** A service of type LoadBalancer and the addresses it was given. */
    record Service(Meta meta, List<String> ips) {}

    Optional<Meta> namespace(String name);

    Optional<Pod> pod(String namespace, String name);

    List<Service> loadBalancerServices();
}
