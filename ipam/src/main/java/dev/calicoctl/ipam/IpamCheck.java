package dev.calicoctl.ipam;

import dev.calicoctl.model.Comparators;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
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
 * <p>Blocks and handles are read a page at a time ({@link Datastore#scan}); what is kept is compact
 * (each block's JSON, a bit per address, (handle, block) counts), and the allocations the report
 * and the listings show are decoded again from the blocks as they are read, a few blocks at a time:
 * a million allocations never exist as objects at once. Those views share one cache of decoded
 * blocks, so a check's results are read from one thread at a time.
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
    /**
     * Every recorded address with its allocations (several only where blocks overlap): a view that
     * decodes a few blocks at a time as it is read, not a million objects held at once.
     */
    public final Map<String, List<Allocation>> allocations = new AllocationsView();
    public final Map<String, List<String>> inUseIps = new HashMap<>();
    /** Each node's allocations (lists viewed like {@link #allocations}), by node name. */
    public final Map<String, List<Allocation>> allocationsByNode = new TreeMap<>();
    /** The addresses allocated but in use by nothing (a view, in the order the blocks were read). */
    public final List<String> leakedIps = new SlotIps();
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

    /** The blocks as read, compact; allocations are decoded from them again on demand. */
    private final ScannedBlocks scanned = new ScannedBlocks();
    /** (handle, block) counts, needed until the handles are compared (then dropped). */
    private HandleUses handleUses = new HandleUses();
    /** Slots of the leaked addresses, in read order. */
    private int[] leakedSlots = new int[0];
    private int leakedCount;

    private IpamCheck() {}

    /** Milliseconds spent in each phase, for CALICOCTL_TRACE. */
    public final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    private void phase(String name) {
        long now = System.nanoTime();
        phaseMillis.put(name, (now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    /**
     * Keys per page of the block and handle listings: the check holds one page of raw and decoded
     * values at a time (256 blocks of 64 addresses are ~15 MB decoded; handles are small).
     */
    static final int BLOCK_PAGE = 256, HANDLE_PAGE = 4_096;
    private static final int PARALLEL_THRESHOLD = 64;

    public static IpamCheck run(Ipam ipam) {
        IpamCheck c = new IpamCheck();
        ResourceStore rs = new ResourceStore(ipam.datastore());
        List<IpPool> pools = ipam.pools();
        List<IpPool> active = new ArrayList<>();
        for (IpPool p : pools) if (!p.disabled()) { active.add(p); c.activePools.add(p.cidrText()); }

        // the blocks, a page at a time: each decoded (on every core), its facts kept compact, its JSON kept for the report
        Map<String, IntList> byNode = new HashMap<>();
        // which blocks hold handles, in the order a hash map of them iterates (the order of the repairs' second pass)
        Map<String, Integer> blocksWithHandles = new HashMap<>();
        for (int v : new int[]{4, 6}) {
            ipam.store().scanBlocks(v, BLOCK_PAGE, page -> {
                List<Read> decoded = (page.size() > PARALLEL_THRESHOLD ? page.parallelStream() : page.stream())
                        .map(sb -> new Read(sb, sb.decodeNamed(true), ScannedBlocks.pack(sb.json()))).toList();
                for (Read r : decoded) c.scanBlock(r, pools, byNode, blocksWithHandles);
            });
        }
        for (Map.Entry<String, IntList> e : new TreeMap<>(byNode).entrySet()) c.allocationsByNode.put(e.getKey(), c.new SlotAllocations(e.getValue().toArray()));
        c.phase("read blocks and pools");

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

        // leaked: recorded, not cooling down (in any of its blocks), and in use by nothing
        ScannedBlocks sb = c.scanned;
        IntList leaked = new IntList();
        for (int s = sb.recorded.nextSetBit(0); s >= 0; s = sb.recorded.nextSetBit(s + 1)) {
            if (sb.duplicate.get(s)) continue;
            if (!c.inUseIps.isEmpty() && c.inUseIps.containsKey(sb.ipOf(s).toString())) continue;
            if (!sb.cooling.get(s) && !sb.duplicateCooling.get(s)) leaked.add(s);
        }
        c.leakedSlots = leaked.toArray();
        c.leakedCount = c.leakedSlots.length;
        for (Map.Entry<String, List<String>> e : c.inUseIps.entrySet()) {
            if (e.getValue().size() > 1) c.multipleOwners.add(e.getKey());
            IpAddress ip = IpAddress.parse(e.getKey());
            if (!sb.slotsOf(ip).isEmpty()) continue;
            boolean inActive = false;
            for (IpPool p : active) if (p.cidr().contains(ip)) inActive = true;
            for (String owner : e.getValue()) {
                if (inActive) c.inPoolNoAllocation.add(new String[]{e.getKey(), owner});
                else c.notInPools.add(new String[]{e.getKey(), owner});
            }
        }
        c.phase("match owners");

        // the handle records, a page at a time, against the blocks' counts
        HandleUses uses = c.handleUses;
        uses.seal();
        List<Handle> short_ = new ArrayList<>();
        ipam.store().scanHandles(HANDLE_PAGE, handles -> {
            for (Handle h : handles) c.compareHandle(h, short_);
        });
        c.phase("read and compare handles");
        c.missingHandles();
        int[] rank = new int[sb.size()];
        int r = 0;
        for (int block : blocksWithHandles.values()) rank[block] = r++;
        for (Handle h : short_) {
            int g = uses.group(h.id());
            List<Integer> in = new ArrayList<>(uses.size(g));
            for (int i = 0; i < uses.size(g); i++) in.add(i);
            in.sort(Comparators.byInt(i -> rank[uses.block(g, i)]));
            for (int i : in) {
                String text = sb.ref(uses.block(g, i)).text();
                if (!h.blocks().containsKey(text)) c.handleMismatches.add(new HandleMismatch(h.id(), text, 0, uses.count(g, i), h.revision()));
            }
        }
        c.handleUses = null;
        c.phase("missing handles");

        Set<String> blockCidrs = new HashSet<>();
        for (ScannedBlocks.Ref b : sb.refs()) blockCidrs.add(b.text());
        Set<String> affinityKeys = new HashSet<>();
        for (Ipam.Affinity a : ipam.affinities()) {
            affinityKeys.add(a.host() + " " + a.block());
            if (!blockCidrs.contains(a.block().toString())) c.affinitiesWithoutBlock.add(a);
        }
        for (ScannedBlocks.Ref b : sb.refs()) {
            if (b.affinity() == null || !b.affinity().startsWith("host:")) continue;
            if (!affinityKeys.contains(b.host() + " " + b.text())) c.blocksWithoutAffinity.add(b.text() + " (" + b.affinity() + ")");
        }
        c.phase("affinities");
        return c;
    }

    /** A block as read: as stored, decoded, and its JSON packed to keep. */
    private record Read(StoredBlock stored, AllocationBlock block, ScannedBlocks.Packed packed) {}

    /** One block's facts: counts, owners of Windows' addresses, handles' uses, nodes, duplicates, problems. */
    private void scanBlock(Read read, List<IpPool> pools, Map<String, IntList> byNode, Map<String, Integer> blocksWithHandles) {
        AllocationBlock b = read.block();
        List<Integer> earlier = scanned.overlapping(b.cidr());
        int index = scanned.add(read.packed(), read.stored().revision(), b);
        ScannedBlocks.Ref ref = scanned.ref(index);
        blocks.add(new BlockSummary(ref.text(), b.affinity() == null ? "<none>" : b.affinity()));
        String blockHost = ref.blockHost();
        boolean inPool = false;
        for (IpPool p : pools) if (p.cidr().contains(b.cidr())) inPool = true;
        Map<String, int[]> perHandle = new LinkedHashMap<>();
        for (int o = 0; o < b.numAddresses(); o++) {
            Attribute a = b.attributeOf(o);
            if (!b.isAllocated(o)) continue;
            numAllocations++;
            if (a == null) continue; // reported by block validation
            int slot = ref.base() + o;
            scanned.recorded.set(slot);
            String node = a.secondary().getOrDefault("node", blockHost);
            String handle = a.sanitizedHandle();
            if (HostReservation.WINDOWS_HANDLE.equals(handle)) {
                // a Windows host's own addresses: in use by the host, no handle record behind them
                recordInUse(b.ipOf(o).toString(), "Reserved for Windows");
                handle = null;
            }
            boolean cooling = a.releasedAt() != null;
            if (cooling) scanned.cooling.set(slot);
            if (handle != null) perHandle.computeIfAbsent(handle, k -> new int[1])[0]++;
            for (int e : earlier) {
                int first = scanned.recordedSlot(e, b.ipOf(o));
                if (first < 0) continue;
                scanned.duplicate.set(slot);
                if (cooling) scanned.duplicateCooling.set(first);
                duplicateAllocations.add(b.ipOf(o).toString());
                break;
            }
            byNode.computeIfAbsent(node, k -> new IntList()).add(slot);
            if (!inPool) allocationsOutsidePools.add(b.ipOf(o).toString());
        }
        if (!perHandle.isEmpty()) blocksWithHandles.putIfAbsent(ref.text(), index);
        for (Map.Entry<String, int[]> e : perHandle.entrySet()) handleUses.add(e.getKey(), index, e.getValue()[0]);
        String problem = b.problem();
        if (problem != null) invalidBlocks.add(new String[]{"BlockKey(cidr=" + b.cidr() + ")", problem});
    }

    /** One handle record against the blocks: leaked, or good with its per-block counts compared. */
    private void compareHandle(Handle h, List<Handle> short_) {
        int g = handleUses.group(h.id());
        if (g < 0) {
            leakedHandles.add(h);
            return;
        }
        goodHandles++;
        handleUses.found.set(g);
        int sum = 0;
        for (Map.Entry<String, Integer> e : h.blocks().entrySet()) {
            int a = 0;
            for (int i = 0; i < handleUses.size(g); i++) if (scanned.ref(handleUses.block(g, i)).text().equals(e.getKey())) a += handleUses.count(g, i);
            sum += a;
            if (a != e.getValue()) handleMismatches.add(new HandleMismatch(h.id(), e.getKey(), e.getValue(), a, h.revision()));
        }
        if (sum < handleUses.total(g)) short_.add(h); // it has addresses in blocks it does not list
    }

    /**
     * Handles the blocks name without a record, in the order the blocks first named them (calicoctl
     * walks a Go map here, so its order is random; read order is stable and says where to look).
     */
    private void missingHandles() {
        int n = handleUses.groups();
        List<Integer> missing = new ArrayList<>();
        for (int g = handleUses.found.nextClearBit(0); g < n; g = handleUses.found.nextClearBit(g + 1)) missing.add(g);
        missing.sort(Comparators.byInt(handleUses::firstSeen));
        for (int g : missing) missingHandles.add(handleUses.handle(g));
    }

    // ------------------------------------------------------------ allocations, decoded on demand

    /** The allocation recorded at a slot, decoded from its block (with its owners, if any). */
    private Allocation allocationAt(int slot) {
        int bi = scanned.blockOf(slot);
        ScannedBlocks.Ref ref = scanned.ref(bi);
        AllocationBlock b = scanned.decoded(bi);
        int o = slot - ref.base();
        Attribute a = b.attributeOf(o);
        String ip = b.ipOf(o).toString();
        String blockHost = ref.blockHost();
        String node = a.secondary().getOrDefault("node", blockHost);
        String handle = a.sanitizedHandle();
        if (HostReservation.WINDOWS_HANDLE.equals(handle)) handle = null;
        Allocation al = new Allocation(ip, handle, b.sequenceNumberOf(o), a.secondary(), node, !node.equals(blockHost), a.releasedAt() != null, a);
        List<String> owners = inUseIps.get(ip);
        if (owners != null) al.owners = owners;
        return al;
    }

    private List<Allocation> allocationsOf(int firstSlot) {
        if (scanned.duplicate.isEmpty()) return List.of(allocationAt(firstSlot));
        List<Allocation> out = new ArrayList<>(1);
        for (int s : scanned.slotsOf(scanned.ipOf(firstSlot))) out.add(allocationAt(s));
        return out;
    }

    /**
     * Every recorded address with its allocations in the string order of the addresses (as Go's
     * encoding/json writes map keys), decoded as the iteration reaches them.
     */
    public Iterable<Map.Entry<String, List<Allocation>>> allocationsInTextOrder() {
        ScannedBlocks sb = scanned;
        int[] order = AddressOrder.text(sb);
        return () -> java.util.Arrays.stream(order).mapToObj(s -> Map.entry(sb.ipOf(s).toString(), allocationsOf(s))).iterator();
    }

    /** Each recorded address's allocations, by address (10.0.0.9 before 10.0.0.10), decoded as the iteration reaches them. */
    public Iterable<List<Allocation>> allocationsInAddressOrder() {
        int[] order = AddressOrder.numeric(scanned);
        return () -> java.util.Arrays.stream(order).mapToObj(this::allocationsOf).iterator();
    }

    /** Number of distinct addresses recorded. */
    public int addressesRecorded() { return scanned.recorded.cardinality() - scanned.duplicate.cardinality(); }

    /** {@link #allocations}: read-only, backed by the scanned blocks. */
    private final class AllocationsView extends AbstractMap<String, List<Allocation>> {
        @Override public List<Allocation> get(Object key) {
            IpAddress ip = key instanceof String s ? IpAddress.tryParse(s) : null;
            if (ip == null || !ip.toString().equals(key)) return null;
            List<Integer> slots = scanned.slotsOf(ip);
            if (slots.isEmpty()) return null;
            List<Allocation> out = new ArrayList<>(slots.size());
            for (int s : slots) out.add(allocationAt(s));
            return out;
        }

        @Override public boolean containsKey(Object key) {
            IpAddress ip = key instanceof String s ? IpAddress.tryParse(s) : null;
            return ip != null && ip.toString().equals(key) && !scanned.slotsOf(ip).isEmpty();
        }

        @Override public int size() { return addressesRecorded(); }

        @Override public Set<Entry<String, List<Allocation>>> entrySet() {
            return new AbstractSet<>() {
                @Override public int size() { return addressesRecorded(); }
                @Override public java.util.Iterator<Entry<String, List<Allocation>>> iterator() {
                    return new java.util.Iterator<>() {
                        int next = nextFirst(0);
                        private int nextFirst(int from) {
                            int s = scanned.recorded.nextSetBit(from);
                            while (s >= 0 && scanned.duplicate.get(s)) s = scanned.recorded.nextSetBit(s + 1);
                            return s;
                        }
                        @Override public boolean hasNext() { return next >= 0; }
                        @Override public Entry<String, List<Allocation>> next() {
                            if (next < 0) throw new java.util.NoSuchElementException();
                            int s = next;
                            next = nextFirst(s + 1);
                            return Map.entry(scanned.ipOf(s).toString(), allocationsOf(s));
                        }
                    };
                }
            };
        }
    }

    /** A node's allocations: slots, decoded when read. */
    private final class SlotAllocations extends AbstractList<Allocation> implements java.util.RandomAccess {
        private final int[] slots;
        SlotAllocations(int[] slots) { this.slots = slots; }
        @Override public Allocation get(int i) { return allocationAt(slots[i]); }
        @Override public int size() { return slots.length; }
    }

    /** {@link #leakedIps}: the addresses of the leaked slots. */
    private final class SlotIps extends AbstractList<String> implements java.util.RandomAccess {
        @Override public String get(int i) {
            java.util.Objects.checkIndex(i, leakedCount);
            return scanned.ipOf(leakedSlots[i]).toString();
        }
        @Override public int size() { return leakedCount; }
    }

    /** A growable int array (a million node slots as ints, not Integers). */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;
        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }
        int[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    private void recordInUse(String ip, String owner) {
        inUseIps.computeIfAbsent(ip, k -> new ArrayList<>()).add(owner);
    }

    private static String normalise(String ipOrCidr) {
        Cidr c = Cidr.tryParseCidrOrIp(ipOrCidr);
        return c == null ? null : c.ip().toString();
    }
}
