package dev.calicoctl.ipam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report `ipam check -o` writes and `ipam release --from-report` reads: calicoctl's
 * CheckReport (commands/ipam/check.go) field for field, plus two lists of this calicoctl
 * (handleMismatches, danglingAffinities) for the repairs it adds. {@link CheckReportCodec}
 * writes and strictly reads it.
 */
public record CheckReport(String version, String clusterGUID, boolean datastoreLocked, String clusterInformationRevision,
                          String clusterType, Map<String, List<Allocation>> allocations, List<LeakedHandle> leakedHandles,
                          List<HandleMismatch> handleMismatches, List<DanglingAffinity> danglingAffinities) {

    /** One allocation (calicoctl's Allocation); {@code sequenceNumber} null when absent. */
    public record Allocation(String ip, String handle, Long sequenceNumber, String pod, String namespace, String node,
                             String type, String creationTimestamp, boolean inUse, boolean borrowed, boolean coolingDown,
                             List<String> owners) {}

    /** calicoctl's HandleInfo: ID, UID (null outside Kubernetes) and the revision the check read. */
    public record LeakedHandle(String id, String uid, String revision) {}

    /** A handle whose count for a block differs from the block's allocations (this calicoctl). */
    public record HandleMismatch(String handle, String block, long recorded, long actual, long revision) {}

    /** A block affinity without its block (this calicoctl). */
    public record DanglingAffinity(String host, String block, String state, long revision) {}

    /** The report of a check, with ClusterInformation's identity and revision as the check read them. */
    public static CheckReport of(IpamCheck c, String version, String clusterGUID, boolean locked, String clusterInfoRevision, String clusterType) {
        // encoding/json writes map keys in string order
        Map<String, List<Allocation>> allocs = new TreeMap<>();
        for (Map.Entry<String, List<IpamCheck.Allocation>> e : c.allocations.entrySet()) {
            List<Allocation> l = new ArrayList<>(e.getValue().size());
            for (IpamCheck.Allocation a : e.getValue()) {
                l.add(new Allocation(a.ip, a.handle, a.sequenceNumber, blank(a.attrs.get("pod")), blank(a.attrs.get("namespace")),
                        blank(a.node), blank(a.attrs.get("type")), blank(a.attrs.get("timestamp")), a.inUse(), a.borrowed,
                        a.coolingDown, a.owners.isEmpty() ? null : List.copyOf(a.owners)));
            }
            allocs.put(e.getKey(), l);
        }
        List<LeakedHandle> leaked = new ArrayList<>();
        for (Handle h : c.leakedHandles) leaked.add(new LeakedHandle(h.id(), null, Long.toString(h.revision())));
        List<HandleMismatch> mismatches = new ArrayList<>();
        for (IpamCheck.HandleMismatch m : c.handleMismatches) mismatches.add(new HandleMismatch(m.handle(), m.block(), m.recorded(), m.actual(), m.revision()));
        List<DanglingAffinity> dangling = new ArrayList<>();
        for (Ipam.Affinity a : c.affinitiesWithoutBlock) dangling.add(new DanglingAffinity(a.host(), a.block().toString(), a.state().stored(), a.revision()));
        return new CheckReport(version, clusterGUID, locked, clusterInfoRevision, clusterType, allocs, leaked, mismatches, dangling);
    }

    private static String blank(String s) { return s == null || s.isEmpty() ? null : s; }
}
