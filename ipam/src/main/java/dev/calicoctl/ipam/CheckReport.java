package dev.calicoctl.ipam;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The report of a check, with ClusterInformation's identity and revision as the check read them.
     * Its allocations are a view in address-text order (encoding/json writes map keys sorted) that
     * decodes them as it is iterated, so writing a million of them never holds them all (equals,
     * hashCode and toString walk it whole: meant for small reports and tests).
     */
    public static CheckReport of(IpamCheck c, String version, String clusterGUID, boolean locked, String clusterInfoRevision, String clusterType) {
        Map<String, List<Allocation>> allocs = new AbstractMap<>() {
            // one address without walking the whole view (AbstractMap's get would decode every block)
            @Override public List<Allocation> get(Object ip) {
                List<IpamCheck.Allocation> at = c.allocations.get(ip);
                if (at == null) return null;
                List<Allocation> l = new ArrayList<>(at.size());
                for (IpamCheck.Allocation a : at) l.add(of(a));
                return l;
            }

            @Override public boolean containsKey(Object ip) { return c.allocations.containsKey(ip); }

            @Override public Set<Entry<String, List<Allocation>>> entrySet() {
                return new AbstractSet<>() {
                    @Override public int size() { return c.addressesRecorded(); }
                    @Override public Iterator<Entry<String, List<Allocation>>> iterator() {
                        Iterator<Entry<String, List<IpamCheck.Allocation>>> in = c.allocationsInTextOrder().iterator();
                        return new Iterator<>() {
                            @Override public boolean hasNext() { return in.hasNext(); }
                            @Override public Entry<String, List<Allocation>> next() {
                                Entry<String, List<IpamCheck.Allocation>> e = in.next();
                                List<Allocation> l = new ArrayList<>(e.getValue().size());
                                for (IpamCheck.Allocation a : e.getValue()) l.add(of(a));
                                return Map.entry(e.getKey(), l);
                            }
                        };
                    }
                };
            }
        };
        List<LeakedHandle> leaked = new ArrayList<>();
        for (Handle h : c.leakedHandles) leaked.add(new LeakedHandle(h.id(), null, Long.toString(h.revision())));
        List<HandleMismatch> mismatches = new ArrayList<>();
        for (IpamCheck.HandleMismatch m : c.handleMismatches) mismatches.add(new HandleMismatch(m.handle(), m.block(), m.recorded(), m.actual(), m.revision()));
        List<DanglingAffinity> dangling = new ArrayList<>();
        for (Ipam.Affinity a : c.affinitiesWithoutBlock) dangling.add(new DanglingAffinity(a.host(), a.block().toString(), a.state().stored(), a.revision()));
        return new CheckReport(version, clusterGUID, locked, clusterInfoRevision, clusterType, allocs, leaked, mismatches, dangling);
    }

    private static Allocation of(IpamCheck.Allocation a) {
        return new Allocation(a.ip, a.handle, a.sequenceNumber, blank(a.attrs.get("pod")), blank(a.attrs.get("namespace")),
                blank(a.node), blank(a.attrs.get("type")), blank(a.attrs.get("timestamp")), a.inUse(), a.borrowed,
                a.coolingDown, a.owners.isEmpty() ? null : List.copyOf(a.owners));
    }

    private static String blank(String s) { return s == null || s.isEmpty() ? null : s; }
}
