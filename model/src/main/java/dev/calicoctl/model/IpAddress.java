package dev.calicoctl.model;

/**
 * An IPv4 or IPv6 address held as two longs (IPv4 uses only {@code lo}).
 * Parsed by hand: InetAddress would try DNS on anything that is not a literal.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private final int version;
    private final long hi;
    private final long lo;

    private IpAddress(int version, long hi, long lo) {
        this.version = version;
        this.hi = hi;
        this.lo = version == 4 ? lo & 0xFFFFFFFFL : lo;
    }

    public static IpAddress v4(long value) { return new IpAddress(4, 0, value); }
    public static IpAddress v6(long hi, long lo) { return new IpAddress(6, hi, lo); }

    public int version() { return version; }
    public long hi() { return hi; }
    public long lo() { return lo; }
    public int bits() { return version == 4 ? 32 : 128; }

    /** Parses a literal address, or returns null when it is not one. */
    public static IpAddress tryParse(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) return null;
        return s.indexOf(':') >= 0 ? parse6(s) : parse4(s);
    }

    public static IpAddress parse(String s) {
        IpAddress a = tryParse(s);
        if (a == null) throw new IllegalArgumentException("invalid IP address: " + s);
        return a;
    }

    private static IpAddress parse4(String s) {
        long v = parse4Value(s);
        return v < 0 ? null : v4(v);
    }

    private static long parse4Value(String s) {
        long v = 0;
        int parts = 0, i = 0, n = s.length();
        while (i < n) {
            int start = i, octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                if (octet > 255 || i - start > 2) return -1;
                i++;
            }
            if (i == start) return -1;
            if (i - start > 1 && s.charAt(start) == '0') return -1; // Go rejects leading zeros
            v = (v << 8) | octet;
            parts++;
            if (i < n) {
                if (s.charAt(i) != '.' || parts == 4) return -1;
                i++;
                if (i == n) return -1;
            }
        }
        return parts == 4 ? v : -1;
    }

    private static IpAddress parse6(String s) {
        int[] groups = new int[8];
        int count = 0, gap = -1, i = 0, n = s.length();
        if (s.startsWith("::")) { gap = 0; i = 2; if (i == n) return v6(0, 0); }
        else if (s.startsWith(":")) return null;
        while (i < n) {
            int start = i, val = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                val = val * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') { // embedded IPv4 tail
                long v4 = parse4Value(s.substring(start));
                if (v4 < 0 || count > 6) return null;
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = n;
                break;
            }
            if (i == start) return null;
            if (count == 8) return null;
            groups[count++] = val;
            if (i == n) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = count;
                i++;
                if (i == n) break;
            } else if (i == n) return null;
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (count == 8) return null;
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (count != 8) return null;
            full = groups;
        }
        long hi = 0, lo = 0;
        for (int k = 0; k < 4; k++) hi = (hi << 16) | full[k];
        for (int k = 4; k < 8; k++) lo = (lo << 16) | full[k];
        return v6(hi, lo);
    }

    /** This address plus {@code offset} (which may be negative); wraps silently inside the family. */
    public IpAddress plus(long offset) {
        if (version == 4) return v4(lo + offset);
        long nlo = lo + offset;
        long carry = 0;
        if (offset >= 0 && Long.compareUnsigned(nlo, lo) < 0) carry = 1;
        if (offset < 0 && Long.compareUnsigned(nlo, lo) > 0) carry = -1;
        return v6(hi + carry, nlo);
    }

    /** This address plus {@code index << shift}, computed in 128 bits (block arithmetic in huge IPv6 pools). */
    public IpAddress plusShifted(long index, int shift) {
        if (version == 4) return v4(lo + (index << shift));
        long addHi, addLo;
        if (shift == 0) { addHi = 0; addLo = index; }
        else if (shift < 64) { addHi = index >>> (64 - shift); addLo = index << shift; }
        else { addHi = index << (shift - 64); addLo = 0; }
        long nlo = lo + addLo;
        long carry = Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0;
        return v6(hi + addHi + carry, nlo);
    }

    /** Distance this - other, valid when both are in one block of at most 2^63 addresses. */
    public long minus(IpAddress other) {
        return lo - other.lo;
    }

    /** The address with the low {@code hostBits} bits cleared. */
    public IpAddress mask(int prefix) {
        if (version == 4) {
            long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return v4(lo & m);
        }
        long mh, ml;
        if (prefix >= 64) { mh = -1L; ml = prefix == 128 ? -1L : ~(-1L >>> (prefix - 64)); }
        else { mh = prefix == 0 ? 0 : ~(-1L >>> prefix); ml = 0; }
        return v6(hi & mh, lo & ml);
    }

    @Override public int compareTo(IpAddress o) {
        if (version != o.version) return Integer.compare(version, o.version);
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override public boolean equals(Object o) {
        return o instanceof IpAddress a && a.version == version && a.hi == hi && a.lo == lo;
    }

    @Override public int hashCode() { return Long.hashCode(hi * 31 + lo) * 7 + version; }

    @Override public String toString() {
        if (version == 4) {
            StringBuilder sb = new StringBuilder(15);
            sb.append((lo >>> 24) & 255).append('.').append((lo >>> 16) & 255).append('.').append((lo >>> 8) & 255).append('.').append(lo & 255);
            return sb.toString();
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
        for (int k = 0; k < 4; k++) g[4 + k] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
        // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
        int bestStart = -1, bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] == 0) {
                int j = k;
                while (j < 8 && g[j] == 0) j++;
                if (j - k > bestLen) { bestStart = k; bestLen = j - k; }
                k = j;
            } else k++;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) { sb.append("::"); k += bestLen - 1; continue; }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
