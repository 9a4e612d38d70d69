package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The blocks `ipam check` has read, kept compact: each block's stored JSON, deflated (its
 * allocations' details are decoded again only when a report or listing asks for them, a few
 * blocks at a time; the JSON of a million allocations is ~120 MB, deflated a tenth of that)
 * and one bit per address slot. Slot numbers run over all blocks in the order they were read
 * (block i's address at ordinal o is slot {@code base(i) + o}). Not safe for use by several
 * threads (the decoded-block cache is shared).
 */
final class ScannedBlocks {
    /** One block as read: enough to print, compare with affinities, and decode it again. */
    record Ref(Packed json, long revision, Cidr cidr, String text, String affinity, String host, int base) {
        /** The host of a "host:" affinity, "" otherwise (whose allocations are borrowed when on another node). */
        String blockHost() { return affinity != null && affinity.startsWith("host:") ? host : ""; }
    }

    private final List<Ref> refs = new ArrayList<>();
    private int[] bases = new int[1024];
    private int slots;
    /** Allocated with an attribute: what the report lists. */
    final BitSet recorded = new BitSet();
    /** Released, waiting for the cooldown to end. */
    final BitSet cooling = new BitSet();
    /** An address already recorded in an earlier (overlapping) block. */
    final BitSet duplicate = new BitSet();
    /** First slots of an address another, cooling-down, slot duplicates. */
    final BitSet duplicateCooling = new BitSet();
    /** Blocks by IP version, prefix length and network: finds the blocks holding an address without a scan. */
    private final Map<Integer, TreeMap<Integer, Map<IpAddress, List<Integer>>>> byPrefix = new HashMap<>();
    /** Decoded blocks, most recently used last, up to {@link #cacheLimit} addresses in all. */
    private final LinkedHashMap<Integer, AllocationBlock> decoded = new LinkedHashMap<>(64, 0.75f, true);
    private int cachedSlots;
    private int largestBlock;

    /**
     * Addresses worth of decoded blocks to keep. Listing in text order visits, for blocks of up to
     * 256 addresses, the few blocks of one /24 (IPv4) or some 70 blocks of a /112's last group (IPv6)
     * in turn: 2^14 is plenty, and a larger cache only fills the old generation with dead blocks
     * (2^16 raised the report's peak from 0.4 to 0.7 GB). Bigger blocks are visited a /16 at a time.
     */
    private int cacheLimit() { return largestBlock <= 256 ? 1 << 14 : 1 << 16; }

    int size() { return refs.size(); }
    Ref ref(int block) { return refs.get(block); }
    List<Ref> refs() { return refs; }

    /** A block's JSON deflated, and its length in UTF-8 bytes. */
    record Packed(byte[] bytes, int length) {}

    /** A block's JSON, deflated (fast level: this runs on every block of the store). */
    static Packed pack(String json) {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        Deflater d = DEFLATERS.get();
        d.reset();
        d.setInput(in);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length / 8 + 64);
        byte[] buf = new byte[8192];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        return new Packed(out.toByteArray(), in.length);
    }

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private static String unpack(Packed packed) {
        int length = packed.length();
        Inflater inf = new Inflater();
        try {
            inf.setInput(packed.bytes());
            byte[] out = new byte[length];
            int n = 0;
            while (n < length && !inf.finished()) n += inf.inflate(out, n, length - n);
            return new String(out, 0, n, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a block deflated in memory does not inflate", e);
        } finally {
            inf.end();
        }
    }

    /** Records a block read at {@code revision} with its {@link #pack packed} JSON; returns its index. */
    int add(Packed packed, long revision, AllocationBlock b) {
        int index = refs.size();
        if (index == bases.length) bases = Arrays.copyOf(bases, index * 2);
        bases[index] = slots;
        refs.add(new Ref(packed, revision, b.cidr(), b.cidr().toString(), b.affinity(), b.host(), slots));
        slots = Math.addExact(slots, b.numAddresses());
        largestBlock = Math.max(largestBlock, b.numAddresses());
        prefixes(b.cidr().version()).computeIfAbsent(b.cidr().prefix(), k -> new HashMap<>()).computeIfAbsent(b.cidr().network(), k -> new ArrayList<>(1)).add(index);
        return index;
    }

    private TreeMap<Integer, Map<IpAddress, List<Integer>>> prefixes(int version) {
        return byPrefix.computeIfAbsent(version, k -> new TreeMap<>());
    }

    /** Earlier blocks sharing addresses with {@code cidr} (none in a sound store), in read order. */
    List<Integer> overlapping(Cidr cidr) {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<IpAddress, List<Integer>>> e : prefixes(cidr.version()).entrySet()) {
            int len = e.getKey();
            Map<IpAddress, List<Integer>> networks = e.getValue();
            if (len <= cidr.prefix()) {
                List<Integer> l = networks.get(cidr.network().mask(len));
                if (l != null) out.addAll(l);
            } else if (len - cidr.prefix() <= 10) { // the smaller blocks it could hold, looked up one by one
                for (long k = 0; k < 1L << (len - cidr.prefix()); k++) {
                    List<Integer> l = networks.get(cidr.network().plusShifted(k, cidr.ip().bits() - len));
                    if (l != null) out.addAll(l);
                }
            } else {
                for (Map.Entry<IpAddress, List<Integer>> n : networks.entrySet()) if (cidr.contains(n.getKey())) out.addAll(n.getValue());
            }
        }
        out.sort(null);
        return out;
    }

    /** The slots recording {@code ip}, in read order (more than one only for overlapping blocks). */
    List<Integer> slotsOf(IpAddress ip) {
        List<Integer> out = new ArrayList<>(1);
        for (Map.Entry<Integer, Map<IpAddress, List<Integer>>> e : prefixes(ip.version()).entrySet()) {
            List<Integer> l = e.getValue().get(ip.mask(e.getKey()));
            if (l == null) continue;
            for (int i : l) {
                int slot = recordedSlot(i, ip);
                if (slot >= 0) out.add(slot);
            }
        }
        if (out.size() > 1) out.sort(null);
        return out;
    }

    /** The recorded slot of {@code ip} in block {@code block}, or -1. */
    int recordedSlot(int block, IpAddress ip) {
        Ref r = refs.get(block);
        if (!r.cidr.contains(ip)) return -1;
        int slot = r.base + (int) ip.minus(r.cidr.network());
        return recorded.get(slot) ? slot : -1;
    }

    int blockOf(int slot) {
        int i = Arrays.binarySearch(bases, 0, refs.size(), slot);
        if (i < 0) i = -i - 2;
        while (i + 1 < refs.size() && bases[i + 1] == slot) i++; // (blocks are never empty; kept for safety)
        return i;
    }

    IpAddress ipOf(int slot) {
        Ref r = refs.get(blockOf(slot));
        return r.cidr.network().plus(slot - r.base);
    }

    /** The block decoded again from the JSON it was read as (cached: listings visit a few blocks in turn). */
    AllocationBlock decoded(int block) {
        AllocationBlock b = decoded.get(block);
        if (b != null) return b;
        Ref r = refs.get(block);
        b = AllocationBlock.fromJson(unpack(r.json), r.revision);
        decoded.put(block, b);
        cachedSlots += b.numAddresses();
        var it = decoded.entrySet().iterator();
        while (cachedSlots > cacheLimit() && decoded.size() > 1) {
            cachedSlots -= it.next().getValue().numAddresses();
            it.remove();
        }
        return b;
    }
}
