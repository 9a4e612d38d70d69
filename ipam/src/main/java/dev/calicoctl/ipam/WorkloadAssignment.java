package dev.calicoctl.ipam;

import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Addresses for one workload, taken as Calico's CNI plugin takes them: assigned under the
 * workload's handle (auto-assign, or one given address), then recorded on its
 * WorkloadEndpoint so `ipam check` counts them in use; released the other way round. The one
 * implementation behind `ipam assign --pod` and the CNI plugin.
 */
public final class WorkloadAssignment {
    private final Ipam ipam;
    private final ResourceStore store;

    public WorkloadAssignment(Ipam ipam, ResourceStore store) {
        this.ipam = ipam;
        this.store = store;
    }

    /**
     * Auto-assigns what {@code req} asks for and records it on {@code endpoint} (none: no
     * endpoint is written). If the endpoint cannot be written, the addresses are released.
     */
    public Ipam.AssignResult assign(AutoAssignRequest req, Workloads.Endpoint endpoint) {
        Ipam.AssignResult r = ipam.autoAssign(req);
        recordOrRollBack(r, req.handleId(), endpoint);
        return r;
    }

    /** Assigns one given address under {@code handle} and records it, as {@link #assign} does. */
    public Ipam.AssignResult assignIp(IpAddress ip, String handle, Map<String, String> attrs, String node, Workloads.Endpoint endpoint) {
        ipam.assignIp(ip, handle, attrs, node);
        Ipam.AssignResult r = ip.version() == 4 ? new Ipam.AssignResult(List.of(ip), List.of()) : new Ipam.AssignResult(List.of(), List.of(ip));
        recordOrRollBack(r, handle, endpoint);
        return r;
    }

    private void recordOrRollBack(Ipam.AssignResult r, String handle, Workloads.Endpoint endpoint) {
        if (endpoint == null) return;
        List<IpAddress> all = new ArrayList<>(r.ipv4());
        all.addAll(r.ipv6());
        try {
            Workloads.record(store, endpoint, all);
        } catch (RuntimeException e) {
            List<Ipam.ReleaseOptions> opts = new ArrayList<>();
            for (IpAddress a : all) opts.add(new Ipam.ReleaseOptions(a, handle, null));
            ipam.release(opts);
            throw e;
        }
    }

    /**
     * Releases everything a handle holds and deletes the workload's endpoint (if given). An
     * unknown handle is not an error (a repeated CNI DEL): returns how many addresses went.
     */
    public int release(String handle, Workloads.Endpoint endpoint) {
        int released = ipam.handle(handle).isPresent() ? releaseKnown(handle) : 0;
        if (endpoint != null) Workloads.remove(store, endpoint);
        return released;
    }

    private int releaseKnown(String handle) {
        try {
            return ipam.releaseByHandle(handle);
        } catch (IpamException e) {
            // the handle went between the look-up and the release: someone else released it
            if (ipam.handle(handle).isEmpty()) return 0;
            throw e;
        }
    }
}
