package dev.calicoctl.ipam;

import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The facts behind `ipam check` (calicoctl commands/ipam/check.go): every allocation with its
 * owners, addresses in use without an allocation, handles without addresses, handles missing,
 * invalid blocks; and, beyond calicoctl, the IPAM data's own consistency (handle counts against
 * allocations, affinities against blocks, allocations outside every pool). No printing here.
 */
public final class IpamCheck {
    /** One allocated address as the report lists it. */
    public static final class Allocation {
        public final String ip;
        public final String handle;
        public final long sequenceNumber;
        public final Map<String, String> attrs;
        public final String node;
        public final boolean borrowed;
        public final boolean coolingDown;
        /** Who uses the address (workload endpoints, node tunnels); empty for most addresses of a leaky store. */
        public List<String> owners = List.of();
        final Attribute attribute;

        Allocation(String ip, String handle, long seq, Map<String, String> attrs, String node, boolean borrowed, boolean coolingDown, Attribute a) {
            this.ip = ip;
            this.handle = handle;
            this.sequenceNumber = seq;
            this.attrs = attrs;
            this.node = node;
            this.borrowed = borrowed;
            this.coolingDown = coolingDown;
            this.attribute = a;
        }

        public boolean inUse() { return !owners.isEmpty(); }

        /** "Main:<handle> Extra:k=v,k=v" as calicoctl prints attributes. */
        public String attrString() {
            StringBuilder sb = new StringBuilder("Main:").append(attribute.handleId() == null ? "<none>" : attribute.handleId()).append(" Extra:");
            sb.append(kvs(attribute.secondary()));
            if (!attribute.alternate().isEmpty()) sb.append(" Alternate:").append(kvs(attribute.alternate()));
            return sb.toString();
        }

        private static String kvs(Map<String, String> m) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
                if (sb.length() > 0) sb.append(',');
                sb.append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        }
    }

    /** A handle whose recorded count for a block differs from the block's allocations. */
    public record HandleMismatch(String handle, String block, int recorded, int actual, long revision) {}

    public record BlockSummary(String cidr, String affinity) {}

    public final List<BlockSummary> blocks = new ArrayList<>();
    public int numAllocations;
    public final List<String> activePools = new ArrayList<>();
    public int nodeTunnelIps;
    public int workloadIps;
    // hash maps: a million entries sort in the report writer, not on every insert
    public final Map<String, List<Allocation>> allocations = new HashMap<>();
    public final Map<String, List<String>> inUseIps = new HashMap<>();
    public final Map<String, List<Allocation>> allocationsByNode = new TreeMap<>();
    public final List<String> leakedIps = new ArrayList<>();
    public final List<String> multipleOwners = new ArrayList<>();
    public final List<String[]> notInPools = new ArrayList<>();
    public final List<String[]> inPoolNoAllocation = new ArrayList<>();
    public final List<Handle> leakedHandles = new ArrayList<>();
    public int goodHandles;
    public final List<String> missingHandles = new ArrayList<>();
    public final List<String[]> invalidBlocks = new ArrayList<>();
    // beyond calicoctl
    public final List<HandleMismatch> handleMismatches = new ArrayList<>();
    public final List<Ipam.Affinity> affinitiesWithoutBlock = new ArrayList<>();
    public final List<String> blocksWithoutAffinity = new ArrayList<>();
    public final List<String> allocationsOutsidePools = new ArrayList<>();
    public final List<String> duplicateAllocations = new ArrayList<>();

    /** Every problem found, those calicoctl leaves out of its total (missing handles, several owners) included. */
    public int problems() {
        return leakedIps.size() + notInPools.size() + inPoolNoAllocation.size() + leakedHandles.size() + invalidBlocks.size()
                + handleMismatches.size() + affinitiesWithoutBlock.size() + blocksWithoutAffinity.size()
                + allocationsOutsidePools.size() + duplicateAllocations.size() + missingHandles.size() + multipleOwners.size();
    }

    private IpamCheck() {}

    /** Milliseconds spent in each phase, for CALICOCTL_TRACE. */
    public final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    private void phase(String name) {
        long now = System.nanoTime();
        phaseMillis.put(name, (now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    public static IpamCheck run(Ipam ipam) {
        IpamCheck c = new IpamCheck();
        // handles are as many as pods: read and decode them on the other core meanwhile
        java.util.concurrent.CompletableFuture<List<Handle>> handlesLater = java.util.concurrent.CompletableFuture.supplyAsync(ipam::handles);
        ResourceStore rs = new ResourceStore(ipam.datastore());
        List<AllocationBlock> blocks = ipam.blocks();
        List<IpPool> pools = ipam.pools();
        List<IpPool> active = new ArrayList<>();
        for (IpPool p : pools) if (!p.disabled()) { active.add(p); c.activePools.add(p.cidrText()); }
        c.phase("read blocks and pools");

        // allocations per handle in each block, and per handle overall: enough to compare with the
        // handles' own counts without building a key string or a small map per handle
        Map<String, Map<String, Integer>> perBlock = new HashMap<>();
        Map<String, Integer> handleTotals = new HashMap<>(1 << 16);
        for (AllocationBlock b : blocks) {
            c.blocks.add(new BlockSummary(b.cidr().toString(), b.affinity() == null ? "<none>" : b.affinity()));
            String blockHost = b.affinity() != null && b.affinity().startsWith("host:") ? b.host() : "";
            String blockText = b.cidr().toString();
            boolean inPool = false;
            for (IpPool p : pools) if (p.cidr().contains(b.cidr())) inPool = true;
            for (int o = 0; o < b.numAddresses(); o++) {
                Attribute a = b.attributeOf(o);
                if (!b.isAllocated(o)) continue;
                c.numAllocations++;
                if (a == null) continue; // reported by block validation
                String ip = b.ipOf(o).toString();
                String node = a.secondary().getOrDefault("node", blockHost);
                String handle = a.sanitizedHandle();
                if (HostReservation.WINDOWS_HANDLE.equals(handle)) {
                    // a Windows host's own addresses: in use by the host, no handle record behind them
                    c.recordInUse(ip, "Reserved for Windows");
                    handle = null;
                }
                Allocation al = new Allocation(ip, handle, b.sequenceNumberOf(o), a.secondary(), node,
                        !node.equals(blockHost), a.releasedAt() != null, a);
                if (handle != null) {
                    perBlock.computeIfAbsent(blockText, k -> new HashMap<>()).merge(handle, 1, Integer::sum);
                    handleTotals.merge(handle, 1, Integer::sum);
                }
                if (c.allocations.containsKey(ip)) c.duplicateAllocations.add(ip);
                c.allocations.computeIfAbsent(ip, k -> new ArrayList<>()).add(al);
                c.allocationsByNode.computeIfAbsent(node, k -> new ArrayList<>()).add(al);
                if (!inPool) c.allocationsOutsidePools.add(ip);
            }
            String problem = b.problem();
            if (problem != null) c.invalidBlocks.add(new String[]{"BlockKey(cidr=" + b.cidr() + ")", problem});
        }

        c.phase("index allocations");
        // node tunnel addresses and workload endpoints are what "in use" means
        for (Resource n : rs.list(Kinds.NODE, null)) {
            List<String> ips = new ArrayList<>();
            Map<String, Object> spec = n.spec();
            if (spec.get("bgp") instanceof Map<?, ?> bgp && bgp.get("ipv4IPIPTunnelAddr") != null) ips.add(bgp.get("ipv4IPIPTunnelAddr").toString());
            if (spec.get("ipv4VXLANTunnelAddr") != null) ips.add(spec.get("ipv4VXLANTunnelAddr").toString());
            if (spec.get("ipv6VXLANTunnelAddr") != null) ips.add(spec.get("ipv6VXLANTunnelAddr").toString());
            if (spec.get("wireguard") instanceof Map<?, ?> wg) {
                if (wg.get("interfaceIPv4Address") != null) ips.add(wg.get("interfaceIPv4Address").toString());
                if (wg.get("interfaceIPv6Address") != null) ips.add(wg.get("interfaceIPv6Address").toString());
            }
            for (String ip : ips) {
                String norm = normalise(ip);
                if (norm == null) continue;
                c.nodeTunnelIps++;
                c.recordInUse(norm, "Node(" + n.name() + ")");
            }
        }
        for (Resource w : rs.list(Kinds.byName("WorkloadEndpoint"), null)) {
            if (!(w.spec().get("ipNetworks") instanceof List<?> nets)) continue;
            for (Object net : nets) {
                String norm = normalise(String.valueOf(net));
                if (norm == null) continue;
                c.workloadIps++;
                c.recordInUse(norm, "Workload(" + w.namespace() + "/" + w.name() + ")");
            }
        }

        // on Kubernetes, LoadBalancer services hold addresses from Calico pools too (calicoctl's check)
        rs.datastore().orchestrator().ifPresent(cluster -> {
            for (dev.calicoctl.datastore.Orchestrator.Service svc : cluster.loadBalancerServices()) {
                for (String ip : svc.ips()) {
                    String norm = normalise(ip);
                    if (norm != null) c.recordInUse(norm, "Service(" + svc.meta().namespace() + "/" + svc.meta().name() + ")");
                }
            }
        });

        for (Map.Entry<String, List<Allocation>> e : c.allocations.entrySet()) {
            boolean cooling = false;
            for (Allocation a : e.getValue()) cooling |= a.coolingDown;
            List<String> owners = c.inUseIps.get(e.getKey());
            if (owners != null) for (Allocation a : e.getValue()) a.owners = owners;
            else if (!cooling) c.leakedIps.add(e.getKey());
        }
        for (Map.Entry<String, List<String>> e : c.inUseIps.entrySet()) {
            if (e.getValue().size() > 1) c.multipleOwners.add(e.getKey());
            if (c.allocations.containsKey(e.getKey())) continue;
            IpAddress ip = IpAddress.parse(e.getKey());
            boolean inActive = false;
            for (IpPool p : active) if (p.cidr().contains(ip)) inActive = true;
            for (String owner : e.getValue()) {
                if (inActive) c.inPoolNoAllocation.add(new String[]{e.getKey(), owner});
                else c.notInPools.add(new String[]{e.getKey(), owner});
            }
        }

        c.phase("match owners");
        Map<String, Handle> handles = new LinkedHashMap<>();
        for (Handle h : handlesLater.join()) handles.put(h.id(), h);
        c.phase("read handles");
        for (Handle h : handles.values()) {
            if (handleTotals.containsKey(h.id())) c.goodHandles++;
            else c.leakedHandles.add(h);
        }
        for (String h : handleTotals.keySet()) if (!handles.containsKey(h)) c.missingHandles.add(h);
        List<Handle> short_ = new ArrayList<>();
        for (Handle h : handles.values()) {
            if (!handleTotals.containsKey(h.id())) continue; // already a leaked handle
            int sum = 0;
            for (Map.Entry<String, Integer> e : h.blocks().entrySet()) {
                Integer act = perBlock.getOrDefault(e.getKey(), Map.of()).get(h.id());
                int a = act == null ? 0 : act;
                sum += a;
                if (a != e.getValue()) c.handleMismatches.add(new HandleMismatch(h.id(), e.getKey(), e.getValue(), a, h.revision()));
            }
            if (sum < handleTotals.getOrDefault(h.id(), 0)) short_.add(h); // it has addresses in blocks it does not list
        }
        for (Handle h : short_) {
            for (Map.Entry<String, Map<String, Integer>> e : perBlock.entrySet()) {
                Integer a = e.getValue().get(h.id());
                if (a != null && !h.blocks().containsKey(e.getKey())) c.handleMismatches.add(new HandleMismatch(h.id(), e.getKey(), 0, a, h.revision()));
            }
        }

        c.phase("compare handles");
        Set<String> blockCidrs = new HashSet<>();
        for (AllocationBlock b : blocks) blockCidrs.add(b.cidr().toString());
        Set<String> affinityKeys = new HashSet<>();
        for (Ipam.Affinity a : ipam.affinities()) {
            affinityKeys.add(a.host() + " " + a.block());
            if (!blockCidrs.contains(a.block().toString())) c.affinitiesWithoutBlock.add(a);
        }
        for (AllocationBlock b : blocks) {
            if (b.affinity() == null || !b.affinity().startsWith("host:")) continue;
            if (!affinityKeys.contains(b.host() + " " + b.cidr())) c.blocksWithoutAffinity.add(b.cidr() + " (" + b.affinity() + ")");
        }
        c.phase("affinities");
        return c;
    }

    private void recordInUse(String ip, String owner) {
        inUseIps.computeIfAbsent(ip, k -> new ArrayList<>()).add(owner);
    }

    private static String normalise(String ipOrCidr) {
        Cidr c = Cidr.tryParseCidrOrIp(ipOrCidr);
        return c == null ? null : c.ip().toString();
    }
}
