package dev.calicoctl.ipam;

import dev.calicoctl.model.Comparators;
import dev.calicoctl.model.IpAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The order `ipam check` lists recorded addresses in: each address's first slot in the scanned
 * blocks, sorted by the address's text (the report: Go's encoding/json sorts map keys) or by the
 * address itself (--show-all-ips). Duplicate slots of an address are left out.
 */
final class AddressOrder {
    private AddressOrder() {}

    /** Each octet's rank among the texts "0".."255" in string order ("1" < "10" < "100" < "101" < ... < "2"). */
    private static final int[] OCTET_TEXT_RANK = new int[256];
    static {
        Integer[] octets = new Integer[256];
        for (int i = 0; i < 256; i++) octets[i] = i;
        Arrays.sort(octets, Comparators.by(String::valueOf));
        for (int r = 0; r < 256; r++) OCTET_TEXT_RANK[octets[r]] = r;
    }

    /** First slots in the string order of the addresses. */
    static int[] text(ScannedBlocks sb) {
        int[] v4 = textV4(sb);
        if (v4 != null) return v4;
        record Keyed(String ip, int slot) {} // IPv6 too: sort the texts themselves
        List<Keyed> keys = new ArrayList<>(sb.recorded.cardinality());
        for (int s = sb.recorded.nextSetBit(0); s >= 0; s = sb.recorded.nextSetBit(s + 1)) {
            if (!sb.duplicate.get(s)) keys.add(new Keyed(sb.ipOf(s).toString(), s));
        }
        keys.sort(Comparators.by(Keyed::ip));
        return keys.stream().mapToInt(Keyed::slot).toArray();
    }

    /** First slots in address order. */
    static int[] numeric(ScannedBlocks sb) {
        record Keyed(IpAddress ip, int slot) {}
        List<Keyed> keys = new ArrayList<>(sb.recorded.cardinality());
        for (int s = sb.recorded.nextSetBit(0); s >= 0; s = sb.recorded.nextSetBit(s + 1)) {
            if (!sb.duplicate.get(s)) keys.add(new Keyed(sb.ipOf(s), s));
        }
        keys.sort(Comparators.by(Keyed::ip));
        return keys.stream().mapToInt(Keyed::slot).toArray();
    }

    /**
     * {@link #text} when every address is IPv4 (null otherwise), without making a million strings:
     * dotted quads compare as strings the way their octets' texts compare one after the other ('.'
     * sorts before every digit), so each address becomes four octet ranks in one int, sorted beside
     * its slot in one long.
     */
    private static int[] textV4(ScannedBlocks sb) {
        long[] keys = new long[sb.recorded.cardinality()];
        int n = 0;
        for (int s = sb.recorded.nextSetBit(0); s >= 0; s = sb.recorded.nextSetBit(s + 1)) {
            if (sb.duplicate.get(s)) continue;
            IpAddress ip = sb.ipOf(s);
            if (ip.version() != 4) return null;
            long v = ip.lo(), rank = 0;
            for (int shift = 24; shift >= 0; shift -= 8) rank = (rank << 8) | OCTET_TEXT_RANK[(int) (v >>> shift) & 255];
            keys[n++] = ((rank << 32) | s) ^ Long.MIN_VALUE; // flipping the top bit makes the signed sort the unsigned order
        }
        Arrays.sort(keys, 0, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) keys[i];
        return out;
    }
}
