package dev.calicoctl.model;

import java.util.List;
import java.util.regex.Pattern;

/** libcalico-go's numorstring types: ports, protocols, AS numbers; decoded and re-encoded as Go does. */
public final class ValueTypes {
    private ValueTypes() {}

    private static final Pattern ALL_DIGITS = Pattern.compile("^\\d+$");
    private static final Pattern RANGE = Pattern.compile("^(\\d+):(\\d+)$");
    private static final Pattern PORT_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,128}$");
    public static final List<String> PROTOCOL_NAMES = List.of("TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite");

    /** A decoded port: a single number, a range, or a name. */
    public record Port(int min, int max, String name) {
        public boolean named() { return name != null; }
    }

    /** numorstring.PortFromString / UnmarshalJSON; throws with upstream's decode message. */
    public static Port port(Object v, String path, String goStruct) {
        if (v instanceof Number n) {
            long l = n.longValue();
            if (!(v instanceof Long || v instanceof Integer) || l < 0 || l > 65535) {
                throw new IllegalArgumentException("json: cannot unmarshal number " + v + " into Go struct field " + goStruct + "." + stripIndexes(path) + " of type uint16");
            }
            return new Port((int) l, (int) l, null);
        }
        if (!(v instanceof String s)) throw new IllegalArgumentException("field \"" + path + "\" must be a port (number, \"min:max\" or name), not " + FieldType.describe(v));
        if (ALL_DIGITS.matcher(s).matches()) {
            Integer p = uint16(s);
            if (p == null) throw new IllegalArgumentException("invalid port format (" + s + ")");
            return new Port(p, p, null);
        }
        var m = RANGE.matcher(s);
        if (m.matches()) {
            Integer lo = uint16(m.group(1));
            if (lo == null) throw new IllegalArgumentException("invalid minimum port number in range (" + s + ")");
            Integer hi = uint16(m.group(2));
            if (hi == null) throw new IllegalArgumentException("invalid maximum port number in range (" + s + ")");
            if (lo > hi) throw new IllegalArgumentException("minimum port number (" + lo + ") is greater than maximum port number (" + hi + ") in port range");
            return new Port(lo, hi, null);
        }
        if (!PORT_NAME.matcher(s).matches()) throw new IllegalArgumentException("invalid name for named port (" + s + ")");
        return new Port(0, 0, s);
    }

    private static Integer uint16(String digits) {
        if (digits.length() > 5) return null;
        int v = Integer.parseInt(digits);
        return v > 65535 ? null : v;
    }

    static String stripIndexes(String path) { return path.replaceAll("\\[\\d+\\]", ""); }

    /** A numorstring.Port field; {@code goStruct} names the Go type holding it, for decode messages. */
    public static FieldType.ValueType portType(String goStruct) {
        return new FieldType.ValueType() {
            @Override public String problem(Object v, String path) {
                try { port(v, path, goStruct); return null; } catch (IllegalArgumentException e) { return e.getMessage(); }
            }
            @Override public Object canonical(Object v) {
                Port p = port(v, "", goStruct);
                if (p.named()) return p.name();
                return p.min() == p.max() ? (Object) (long) p.min() : p.min() + ":" + p.max();
            }
        };
    }

    /** The struct-level port rule (validatePort): reversed range, 0, named with numbers. */
    public static final Check PORT_RULE = Check.goValue((v, at, errors) -> {
        Port p;
        try { p = port(v, at.path(), ""); } catch (IllegalArgumentException e) { return; }
        if (p.min() > p.max()) errors.add(new FieldError("Port", p.max(), "port range invalid"));
        if (!p.named() && p.min() < 1) errors.add(new FieldError("Port", p.min(), "port range invalid, port number must be between 1 and 65535"));
        else if (!p.named() && p.max() < 1) errors.add(new FieldError("Port", p.max(), "port range invalid, port number must be between 1 and 65535"));
    });

    /** numorstring.Protocol: a uint8 number, or a name (a numeric string is a number). */
    public static final FieldType.ValueType PROTOCOL = new FieldType.ValueType() {
        @Override public String problem(Object v, String path) {
            if (v instanceof Long || v instanceof Integer) {
                long l = ((Number) v).longValue();
                return l >= 0 && l <= 255 ? null : "json: cannot unmarshal number " + v + " into Go struct field Rule." + stripIndexes(path) + " of type uint8";
            }
            return v instanceof String ? null : "field \"" + path + "\" must be a protocol name or number, not " + FieldType.describe(v);
        }
        @Override public Object canonical(Object v) {
            Long n = protocolNumber(v);
            return n != null ? (Object) n : v;
        }
    };

    /** The protocol's number when it is one (5, or "6"), else null. */
    public static Long protocolNumber(Object v) {
        if (v instanceof Long || v instanceof Integer) return ((Number) v).longValue();
        if (v instanceof String s && ALL_DIGITS.matcher(s).matches() && s.length() <= 3 && Integer.parseInt(s) <= 255) return Long.parseLong(s);
        return null;
    }

    /** Protocol.SupportsPorts: TCP, UDP, SCTP (by name or number). */
    public static boolean supportsPorts(Object protocol) {
        Long n = protocolNumber(protocol);
        if (n != null) return n == 6 || n == 17 || n == 132;
        String s = String.valueOf(protocol);
        return List.of("TCP", "UDP", "SCTP", "tcp", "udp", "sctp").contains(s);
    }

    /** The struct-level protocol rule (validateProtocol). */
    public static final Check PROTOCOL_RULE = Check.goValue((v, at, errors) -> {
        Long n = protocolNumber(v);
        if (n != null) {
            if (n == 0) errors.add(new FieldError("Protocol", 0, "protocol number invalid"));
        } else if (!PROTOCOL_NAMES.contains(String.valueOf(v))) {
            errors.add(new FieldError("Protocol", v, "protocol name invalid"));
        }
    });

    /** numorstring.ASNumber: a uint32, a decimal string, or dotted "a.b"; stored as a number. */
    public static FieldType.ValueType asNumberType(String goStruct) {
        return new FieldType.ValueType() {
            @Override public String problem(Object v, String path) {
                try { asNumber(v, path, goStruct); return null; } catch (IllegalArgumentException e) { return e.getMessage(); }
            }
            @Override public Object canonical(Object v) { return asNumber(v, "", goStruct); }
        };
    }

    public static long asNumber(Object v, String path, String goStruct) {
        if (v instanceof Long || v instanceof Integer) {
            long l = ((Number) v).longValue();
            if (l >= 0 && l <= 0xFFFFFFFFL) return l;
            throw new IllegalArgumentException("json: cannot unmarshal number into Go struct field " + goStruct + "." + stripIndexes(path) + " of type string");
        }
        if (v instanceof String s) {
            if (ALL_DIGITS.matcher(s).matches() && s.length() <= 10 && Long.parseLong(s) <= 0xFFFFFFFFL) return Long.parseLong(s);
            var m = Pattern.compile("^(\\d{1,5})\\.(\\d{1,5})$").matcher(s);
            if (m.matches()) {
                long hi = Long.parseLong(m.group(1)), lo = Long.parseLong(m.group(2));
                if (hi <= 65535 && lo <= 65535) return hi * 65536 + lo;
            }
            throw new IllegalArgumentException("invalid AS Number format (" + s + ")");
        }
        throw new IllegalArgumentException("json: cannot unmarshal " + FieldType.describe(v) + " into Go struct field " + goStruct + "." + stripIndexes(path) + " of type uint32");
    }
}
