package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An IPAM block as Calico stores it (libcalico-go model.AllocationBlock): one slot per address
 * pointing into the attributes list or null, the free ordinals in hand-out order, and sequence
 * numbers that let a release detect that an address was re-used in between.
 */
public final class AllocationBlock {
    static final int FREE = -1;

    final Cidr cidr;
    String affinity;
    String affinityClaimTime;
    final int[] allocations;
    List<Integer> unallocated;
    final List<Attribute> attributes;
    long sequenceNumber;
    final TreeMap<String, Long> sequenceNumberForAllocation;
    boolean deleted;
    String hostAffinity;
    /** Datastore revision this copy was read at (0 for a block not yet stored). */
    long revision;
    /** False for a copy read without its attributes (usage counts); such a copy is never written back. */
    boolean attributesRead = true;

    private AllocationBlock(Cidr cidr, int size) {
        this.cidr = cidr;
        this.allocations = new int[size];
        this.attributes = new ArrayList<>();
        this.sequenceNumberForAllocation = new TreeMap<>();
    }

    /** A fresh, empty block claimed by {@code affinity} ("host:node-1"). */
    public static AllocationBlock create(Cidr cidr, String affinity, String claimTime, long sequenceNumber) {
        return create(cidr, affinity, claimTime, sequenceNumber, null);
    }

    /**
     * A fresh block; with a host reservation its first and last few ordinals are set aside for the
     * host (Windows keeps 3 + 1) under one attribute that no handle record backs (upstream newBlock).
     */
    static AllocationBlock create(Cidr cidr, String affinity, String claimTime, long sequenceNumber, HostReservation reservation) {
        int n = sizeOf(cidr);
        AllocationBlock b = new AllocationBlock(cidr.masked(), n);
        Arrays.fill(b.allocations, FREE);
        b.unallocated = new ArrayList<>(n);
        int first = reservation == null ? 0 : reservation.startOfBlock();
        int end = reservation == null ? n : n - reservation.endOfBlock();
        for (int i = first; i < end; i++) b.unallocated.add(i);
        if (reservation != null && (first > 0 || end < n)) {
            b.attributes.add(new Attribute(reservation.handle(), Map.of("note", reservation.note())));
            for (int i = 0; i < first; i++) b.allocations[i] = 0;
            for (int i = end; i < n; i++) b.allocations[i] = 0;
        }
        b.affinity = affinity;
        b.affinityClaimTime = claimTime;
        b.sequenceNumber = sequenceNumber;
        return b;
    }

    private static int sizeOf(Cidr cidr) {
        if (cidr.hostBits() > 20) throw new CalicoException("block " + cidr + " is too large (at most 2^20 addresses per block)");
        return 1 << cidr.hostBits();
    }

    public Cidr cidr() { return cidr; }
    public String affinity() { return affinity; }
    public long sequenceNumber() { return sequenceNumber; }
    public int numAddresses() { return allocations.length; }
    public List<Attribute> attributes() { return attributes; }

    /** The node this block is affine to, or null ("host:node-1" -> "node-1"). */
    public String host() {
        if (affinity == null) return null;
        int colon = affinity.indexOf(':');
        return colon < 0 ? affinity : affinity.substring(colon + 1);
    }

    /** Whether the block's affinity names {@code host} ("host:" + host). */
    public boolean affineTo(String host) { return HostAffinity.of(host).equals(affinity); }

    public IpAddress ipOf(int ordinal) { return cidr.network().plus(ordinal); }

    public int ordinalOf(IpAddress ip) {
        if (!cidr.contains(ip)) throw new CalicoException("IP " + ip + " is not in block " + cidr);
        return (int) ip.minus(cidr.network());
    }

    public boolean isAllocated(int ordinal) { return allocations[ordinal] != FREE; }

    /** The attribute of an allocated ordinal, or null when the address is free. */
    public Attribute attributeOf(int ordinal) {
        int a = allocations[ordinal];
        return a == FREE || a >= attributes.size() ? null : attributes.get(a);
    }

    public int allocatedCount() {
        int n = 0;
        for (int a : allocations) if (a != FREE) n++;
        return n;
    }

    public long sequenceNumberOf(int ordinal) {
        Long s = sequenceNumberForAllocation.get(Integer.toString(ordinal));
        return s == null ? 0 : s;
    }

    public int numFree(Reservations reservations) {
        if (reservations.matchesWhole(cidr)) return 0;
        if (!reservations.matchesSome(cidr)) return unallocated.size();
        int n = 0;
        for (int o : unallocated) if (!reservations.matches(ipOf(o))) n++;
        return n;
    }

    public int numReserved(Reservations reservations) {
        if (reservations.matchesWhole(cidr)) return numAddresses();
        if (!reservations.matchesSome(cidr)) return 0;
        int n = 0;
        for (int o = 0; o < numAddresses(); o++) if (reservations.matches(ipOf(o))) n++;
        return n;
    }

    /**
     * True when nothing but host reservations (Windows' handle) is allocated: such a block can be
     * released. A cooling-down address keeps the block (its attribute has no handle).
     */
    public boolean empty() {
        for (int a : allocations) {
            if (a == FREE) continue;
            Attribute at = a < attributes.size() ? attributes.get(a) : null;
            if (at == null || at.handleId == null || !HostReservation.WINDOWS_HANDLE.equalsIgnoreCase(at.handleId)) return false;
        }
        return true;
    }

    /** Released but not yet reusable: the ordinal points at a cooldown attribute (one with releasedAt). */
    public boolean isCoolingDown(int ordinal) {
        Attribute a = attributeOf(ordinal);
        return a != null && a.releasedAt != null;
    }

    /**
     * Hands out up to {@code num} addresses from the front of the unallocated list, skipping
     * (and keeping in place) reserved ones. Mutates this copy; the caller writes it back.
     */
    List<IpAddress> autoAssign(int num, String handleId, Map<String, String> attrs, Reservations reservations) {
        List<IpAddress> out = new ArrayList<>();
        List<Integer> remaining = new ArrayList<>(unallocated.size());
        int attrIndex = -1;
        for (int i = 0; i < unallocated.size(); i++) {
            int ordinal = unallocated.get(i);
            if (out.size() >= num) {
                remaining.addAll(unallocated.subList(i, unallocated.size()));
                break;
            }
            IpAddress ip = ipOf(ordinal);
            if (reservations.matches(ip)) {
                remaining.add(ordinal);
                continue;
            }
            if (attrIndex < 0) attrIndex = findOrAddAttribute(handleId, attrs);
            allocations[ordinal] = attrIndex;
            sequenceNumberForAllocation.put(Integer.toString(ordinal), sequenceNumber);
            out.add(ip);
        }
        unallocated = remaining;
        return out;
    }

    /** Allocates one given address; false when it is already allocated. */
    boolean assign(int ordinal, String handleId, Map<String, String> attrs) {
        if (allocations[ordinal] != FREE) return false;
        allocations[ordinal] = findOrAddAttribute(handleId, attrs);
        sequenceNumberForAllocation.put(Integer.toString(ordinal), sequenceNumber);
        unallocated.remove(Integer.valueOf(ordinal));
        return true;
    }

    /**
     * Releases the ordinals (allocated ones; cooling-down ones are skipped) as upstream does: they
     * all point at one new attribute stamped {@code releasedAt = now} with their sequence numbers
     * set to the block's, then garbage collection frees those whose cooldown is over (all of them
     * when {@code cooldownSeconds} is 0).
     */
    void release(List<Integer> ordinals, int cooldownSeconds, Instant now) {
        int cooldownAttr = -1;
        for (int o : ordinals) {
            if (allocations[o] == FREE || isCoolingDown(o)) continue;
            if (cooldownAttr < 0) {
                attributes.add(new Attribute(null, null, null, now.truncatedTo(ChronoUnit.SECONDS).toString()));
                cooldownAttr = attributes.size() - 1;
            }
            allocations[o] = cooldownAttr;
            sequenceNumberForAllocation.put(Integer.toString(o), sequenceNumber);
        }
        garbageCollect(cooldownSeconds, now);
    }

    /**
     * Frees, in ascending ordinal order, every cooling-down address released at or before
     * {@code now - cooldownSeconds} (all of them when negative), then drops attributes nothing
     * points at. Upstream runs this on every block it loads. Returns whether anything changed.
     */
    boolean garbageCollect(int cooldownSeconds, Instant now) {
        Instant cutoff = now.minusSeconds(Math.max(cooldownSeconds, 0));
        boolean changed = false;
        for (int o = 0; o < allocations.length; o++) {
            Attribute a = attributeOf(o);
            if (a == null || a.releasedAt == null) continue;
            if (cooldownSeconds >= 0 && releasedAfter(a.releasedAt, cutoff)) continue;
            allocations[o] = FREE;
            unallocated.add(o);
            sequenceNumberForAllocation.remove(Integer.toString(o));
            changed = true;
        }
        return pruneAttributes() || changed;
    }

    private static boolean releasedAfter(String releasedAt, Instant cutoff) {
        try {
            return Instant.parse(releasedAt).isAfter(cutoff);
        } catch (RuntimeException e) {
            return false; // unreadable: treat as long ago, as a zero time would be
        }
    }

    /** Ordinals allocated to a handle. */
    List<Integer> ordinalsOfHandle(String handleId) {
        List<Integer> out = new ArrayList<>();
        for (int o = 0; o < allocations.length; o++) {
            Attribute a = attributeOf(o);
            if (a != null && handleId.equals(a.sanitizedHandle())) out.add(o);
        }
        return out;
    }

    private int findOrAddAttribute(String handleId, Map<String, String> attrs) {
        Attribute wanted = new Attribute(handleId, attrs);
        for (int i = 0; i < attributes.size(); i++) if (attributes.get(i).equals(wanted)) return i;
        attributes.add(wanted);
        return attributes.size() - 1;
    }

    private boolean pruneAttributes() {
        BitSet used = new BitSet(attributes.size());
        for (int a : allocations) if (a != FREE) used.set(a);
        if (used.cardinality() == attributes.size()) return false;
        int[] remap = new int[attributes.size()];
        List<Attribute> kept = new ArrayList<>();
        for (int i = 0; i < attributes.size(); i++) {
            if (used.get(i)) {
                remap[i] = kept.size();
                kept.add(attributes.get(i));
            }
        }
        attributes.clear();
        attributes.addAll(kept);
        for (int o = 0; o < allocations.length; o++) if (allocations[o] != FREE) allocations[o] = remap[allocations[o]];
        return true;
    }

    // ------------------------------------------------------------------ JSON (AllocationBlockJson)

    String toJson() { return AllocationBlockJson.write(this); }

    static AllocationBlock fromJson(String json, long revision) { return fromJson(json, revision, true); }

    /** Reads a stored block; without {@code withAttributes} the attributes are skipped (usage counts need only the slots). */
    static AllocationBlock fromJson(String json, long revision, boolean withAttributes) {
        return AllocationBlockJson.read(json, revision, withAttributes);
    }

    /** A block of the CIDR's size with every slot free and nothing else set (for the reader to fill in). */
    static AllocationBlock unfilled(Cidr cidr) {
        AllocationBlock b = new AllocationBlock(cidr.masked(), sizeOf(cidr));
        Arrays.fill(b.allocations, FREE);
        return b;
    }

    /** Structural problems, as calicoctl ipam check's validateBlock finds them (null when sound). */
    public String problem() { return problem(Instant.now()); }

    /** {@link #problem()} with {@code now} deciding whether a releasedAt lies in the future (clock skew). */
    public String problem(Instant now) {
        BitSet referenced = new BitSet();
        int allocated = 0;
        for (int o = 0; o < allocations.length; o++) {
            int a = allocations[o];
            if (a == FREE) continue;
            allocated++;
            if (a < 0 || a >= attributes.size()) return "allocation " + o + " indexes a nonexistent attribute " + a;
            referenced.set(a);
        }
        for (int i = 0; i < attributes.size(); i++) {
            if (!referenced.get(i)) return "attribute index " + i + " exists but is not indexed by an allocation";
        }
        for (int i = 0; i < attributes.size(); i++) {
            String released = attributes.get(i).releasedAt;
            if (released != null && releasedAfter(released, now)) return "attribute index " + i + " has releasedAt in the future, suggesting clock skew";
        }
        BitSet seen = new BitSet(allocations.length);
        for (int o : unallocated) {
            if (o < 0 || o >= allocations.length) return "ordinal " + o + " appears in the Unallocated array but is out of the block";
            if (seen.get(o)) return "ordinal " + o + " appears more than once in Unallocated array";
            seen.set(o);
            if (allocations[o] != FREE) return "ordinal " + o + " is allocated but appears in Unallocated";
        }
        if (unallocated.size() + allocated != allocations.length) {
            return "expected " + allocations.length + " addresses in this block, but Unallocated (" + unallocated.size()
                    + ") + Allocated (" + allocated + ") = " + (unallocated.size() + allocated);
        }
        return null;
    }
}
