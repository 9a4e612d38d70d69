package dev.calicoctl.model;

/** A CIDR as written (address may have host bits) with its prefix length. */
public final class Cidr {
    private final IpAddress ip;
    private final int prefix;

    public Cidr(IpAddress ip, int prefix) {
        if (prefix < 0 || prefix > ip.bits()) throw new IllegalArgumentException("prefix out of range: " + prefix);
        this.ip = ip;
        this.prefix = prefix;
    }

    /** Parses "addr/len" as Go's net.ParseCIDR does; null when invalid. */
    public static Cidr tryParse(String s) {
        if (s == null) return null;
        int slash = s.indexOf('/');
        if (slash < 0) return null;
        IpAddress ip = IpAddress.tryParse(s.substring(0, slash));
        if (ip == null) return null;
        String len = s.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3) return null;
        int p = 0;
        for (int i = 0; i < len.length(); i++) {
            char c = len.charAt(i);
            if (c < '0' || c > '9') return null;
            p = p * 10 + (c - '0');
        }
        if (len.length() > 1 && len.charAt(0) == '0') return null;
        if (p > ip.bits()) return null;
        return new Cidr(ip, p);
    }

    public static Cidr parse(String s) {
        Cidr c = tryParse(s);
        if (c == null) throw new IllegalArgumentException("invalid CIDR address: " + s);
        return c;
    }

    /** Accepts a bare address as a host route (/32 or /128), like Calico's ParseCIDROrIP. */
    public static Cidr tryParseCidrOrIp(String s) {
        if (s != null && s.indexOf('/') < 0) {
            IpAddress ip = IpAddress.tryParse(s);
            return ip == null ? null : new Cidr(ip, ip.bits());
        }
        return tryParse(s);
    }

    public IpAddress ip() { return ip; }
    public int prefix() { return prefix; }
    public int version() { return ip.version(); }
    public int hostBits() { return ip.bits() - prefix; }

    public Cidr masked() { return new Cidr(ip.mask(prefix), prefix); }
    public boolean isMasked() { return ip.equals(ip.mask(prefix)); }
    public IpAddress network() { return ip.mask(prefix); }

    /** Number of addresses, saturating at Long.MAX_VALUE for huge IPv6 ranges. */
    public long size() {
        int h = hostBits();
        return h >= 63 ? Long.MAX_VALUE : 1L << h;
    }

    public IpAddress last() {
        if (hostBits() >= 64) {
            long hiMask = hostBits() >= 128 ? -1L : (hostBits() == 64 ? 0 : (-1L >>> (128 - hostBits())));
            return IpAddress.v6(network().hi() | hiMask, -1L);
        }
        return network().plus(hostBits() == 64 ? -1 : (1L << hostBits()) - 1);
    }

    public boolean contains(IpAddress a) {
        return a.version() == ip.version() && a.mask(prefix).equals(network());
    }

    public boolean contains(Cidr other) {
        return other.version() == version() && other.prefix >= prefix && contains(other.network());
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** Canonical text (network address), as Go's IPNet.String(). */
    @Override public String toString() {
        // a StringBuilder, not concatenation: `ipam show` formats a row per pool and block while interpreted
        return new StringBuilder(24).append(network().toString()).append('/').append(prefix).toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && c.ip.equals(ip);
    }

    @Override public int hashCode() { return ip.hashCode() * 31 + prefix; }
}
