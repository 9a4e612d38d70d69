package dev.calicoctl.ipam;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link CheckReport} as calicoctl's json.MarshalIndent does (streamed through Jackson's
 * generator: a big cluster's report is hundreds of MB), and reads one back strictly: every field
 * must have calicoctl's name and JSON type (null where Go's decoder accepts it), unknown or
 * repeated fields, bad addresses and out-of-range numbers are refused with a one-line
 * {@link Malformed} naming the field and line.
 */
public final class CheckReportCodec {
    private CheckReportCodec() {}

    /** A report that is not one: the message says what and where, in one line. */
    public static final class Malformed extends CalicoException {
        Malformed(String m) { super(m); }
    }

    // ------------------------------------------------------------ writing

    public static void write(CheckReport r, Writer out) throws IOException {
        try (JsonGenerator g = Json.generator(out, true)) {
            g.writeStartObject();
            g.writeStringField("version", r.version());
            g.writeStringField("clusterGUID", r.clusterGUID());
            g.writeBooleanField("datastoreLocked", r.datastoreLocked());
            g.writeStringField("clusterInformationRevision", r.clusterInformationRevision());
            g.writeStringField("clusterType", r.clusterType());
            g.writeFieldName("allocations");
            g.writeStartObject();
            for (Map.Entry<String, List<CheckReport.Allocation>> e : r.allocations().entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeStartArray();
                for (CheckReport.Allocation a : e.getValue()) writeAllocation(g, a);
                g.writeEndArray();
            }
            g.writeEndObject();
            if (!r.leakedHandles().isEmpty()) {
                g.writeFieldName("leakedHandles");
                g.writeStartArray();
                for (CheckReport.LeakedHandle h : r.leakedHandles()) {
                    g.writeStartObject();
                    g.writeStringField("ID", h.id());
                    g.writeFieldName("UID");
                    if (h.uid() == null) g.writeNull(); else g.writeString(h.uid());
                    g.writeStringField("Revision", h.revision());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!r.handleMismatches().isEmpty()) {
                g.writeFieldName("handleMismatches");
                g.writeStartArray();
                for (CheckReport.HandleMismatch m : r.handleMismatches()) {
                    g.writeStartObject();
                    g.writeStringField("handle", m.handle());
                    g.writeStringField("block", m.block());
                    g.writeNumberField("recorded", m.recorded());
                    g.writeNumberField("actual", m.actual());
                    g.writeNumberField("revision", m.revision());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!r.danglingAffinities().isEmpty()) {
                g.writeFieldName("danglingAffinities");
                g.writeStartArray();
                for (CheckReport.DanglingAffinity a : r.danglingAffinities()) {
                    g.writeStartObject();
                    g.writeStringField("host", a.host());
                    g.writeStringField("block", a.block());
                    g.writeStringField("state", a.state());
                    g.writeNumberField("revision", a.revision());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    private static void writeAllocation(JsonGenerator g, CheckReport.Allocation a) throws IOException {
        g.writeStartObject();
        g.writeStringField("ip", a.ip());
        if (a.handle() != null && !a.handle().isEmpty()) g.writeStringField("handle", a.handle());
        if (a.sequenceNumber() != null) {
            g.writeFieldName("sequenceNumber");
            g.writeNumber(Long.toUnsignedString(a.sequenceNumber())); // Go's uint64
        }
        optional(g, "pod", a.pod());
        optional(g, "namespace", a.namespace());
        optional(g, "node", a.node());
        optional(g, "type", a.type());
        optional(g, "creationTimestamp", a.creationTimestamp());
        g.writeBooleanField("inUse", a.inUse());
        if (a.borrowed()) g.writeBooleanField("borrowed", true);
        if (a.coolingDown()) g.writeBooleanField("coolingDown", true);
        g.writeFieldName("owners");
        if (a.owners() == null) g.writeNull();
        else {
            g.writeStartArray();
            for (String o : a.owners()) g.writeString(o);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, String v) throws IOException {
        if (v != null && !v.isEmpty()) g.writeStringField(name, v);
    }

    // ------------------------------------------------------------ reading

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Reads one report; {@link Malformed} (one line) for anything that is not exactly one. */
    public static CheckReport read(InputStream in) {
        try (JsonParser p = Json.parser(in)) {
            Reader r = new Reader(p);
            if (p.nextToken() != JsonToken.START_OBJECT) throw r.bad("the report must be a JSON object");
            CheckReport report = r.report();
            if (p.nextToken() != null) throw r.bad("unexpected data after the report");
            return report;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new Malformed(firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Malformed("invalid JSON" + (at == null ? "" : " at line " + at.getLineNr()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Malformed("cannot be read: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A hand-written strict decoder: one method per type of the report. */
    private static final class Reader {
        private final JsonParser p;

        Reader(JsonParser p) { this.p = p; }

        /** A name or value from the input, quoted and escaped so a message stays one short line. */
        private static String q(String s) {
            if (s == null) return "null";
            return Json.quote(s.length() > 80 ? s.substring(0, 80) + "..." : s);
        }

        Malformed bad(String what) {
            return new Malformed(what + " at line " + p.currentLocation().getLineNr());
        }

        /** Calls {@code field} for each member, refusing repeated names. */
        private void members(String where, FieldReader field) throws IOException {
            Set<String> seen = new HashSet<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) throw bad("malformed object " + where);
                String name = p.currentName();
                if (!seen.add(name)) throw bad("duplicate field " + q(name) + " in " + where);
                p.nextToken();
                field.read(name);
            }
        }

        @FunctionalInterface
        private interface FieldReader { void read(String name) throws IOException; }

        private Malformed unknown(String name, String where) {
            return bad("unknown field " + q(name) + " in " + where);
        }

        private String string(String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t != JsonToken.VALUE_STRING) throw bad("field " + q(field) + " must be a string, not " + kind(t));
            return p.getText();
        }

        private boolean bool(String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return false;
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) throw bad("field " + q(field) + " must be true or false, not " + kind(t));
            return t == JsonToken.VALUE_TRUE;
        }

        /** A whole number in [0, max]; Go refuses fractions, exponents and out-of-range values for its integer types. */
        private BigInteger unsigned(String field, BigInteger max) throws IOException {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT) throw bad("field " + q(field) + " must be a whole number, not " + kind(t));
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0 || v.compareTo(max) > 0) throw bad("field " + q(field) + " is out of range: " + v);
            return v;
        }

        private long revision(String field) throws IOException {
            return unsigned(field, BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        }

        private static String kind(JsonToken t) {
            if (t == null) return "the end of the input";
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.toString();
            };
        }

        /** Go's decoder: null leaves a slice or map empty; otherwise it must be an array / object. */
        private boolean open(JsonToken expected, String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return false;
            if (t != expected) throw bad("field " + q(field) + " must be " + kind(expected) + ", not " + kind(t));
            return true;
        }

        /** Each element of an array, none of them null (calicoctl would dereference it). */
        private void elements(String field, ElementReader element) throws IOException {
            if (!open(JsonToken.START_ARRAY, field)) return;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_NULL) throw bad("null entry in " + q(field));
                element.read();
            }
        }

        @FunctionalInterface
        private interface ElementReader { void read() throws IOException; }

        CheckReport report() throws IOException {
            String[] s = new String[4];
            boolean[] locked = {false};
            Map<String, List<CheckReport.Allocation>> allocs = new LinkedHashMap<>();
            List<CheckReport.LeakedHandle> handles = new ArrayList<>();
            List<CheckReport.HandleMismatch> mismatches = new ArrayList<>();
            List<CheckReport.DanglingAffinity> dangling = new ArrayList<>();
            members("the report", name -> {
                switch (name) {
                    case "version" -> s[0] = string(name);
                    case "clusterGUID" -> s[1] = string(name);
                    case "datastoreLocked" -> locked[0] = bool(name);
                    case "clusterInformationRevision" -> s[2] = string(name);
                    case "clusterType" -> s[3] = string(name);
                    case "allocations" -> allocations(allocs);
                    case "leakedHandles" -> elements(name, () -> handles.add(leakedHandle()));
                    case "handleMismatches" -> elements(name, () -> mismatches.add(mismatch()));
                    case "danglingAffinities" -> elements(name, () -> dangling.add(affinity()));
                    default -> throw unknown(name, "the report");
                }
            });
            return new CheckReport(nz(s[0]), nz(s[1]), locked[0], nz(s[2]), nz(s[3]), allocs, handles, mismatches, dangling);
        }

        private static String nz(String s) { return s == null ? "" : s; }

        private void allocations(Map<String, List<CheckReport.Allocation>> out) throws IOException {
            if (!open(JsonToken.START_OBJECT, "allocations")) return;
            members("allocations", ip -> {
                List<CheckReport.Allocation> l = new ArrayList<>();
                elements("allocations." + ip.replaceAll("\\p{Cntrl}", "?"), () -> l.add(allocation()));
                out.put(ip, l);
            });
        }

        private CheckReport.Allocation allocation() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw bad("an allocation must be an object, not " + kind(p.currentToken()));
            String[] s = new String[7]; // ip handle pod namespace node type creationTimestamp
            Long[] seq = {null};
            boolean[] b = new boolean[3]; // inUse borrowed coolingDown
            List<String>[] owners = new List[]{null};
            members("an allocation", name -> {
                switch (name) {
                    case "ip" -> s[0] = string(name);
                    case "handle" -> s[1] = string(name);
                    case "sequenceNumber" -> seq[0] = p.currentToken() == JsonToken.VALUE_NULL ? null : unsigned(name, UINT64_MAX).longValue();
                    case "pod" -> s[2] = string(name);
                    case "namespace" -> s[3] = string(name);
                    case "node" -> s[4] = string(name);
                    case "type" -> s[5] = string(name);
                    case "creationTimestamp" -> s[6] = string(name);
                    case "inUse" -> b[0] = bool(name);
                    case "borrowed" -> b[1] = bool(name);
                    case "coolingDown" -> b[2] = bool(name);
                    case "owners" -> {
                        List<String> l = new ArrayList<>();
                        if (p.currentToken() != JsonToken.VALUE_NULL) owners[0] = l;
                        elements(name, () -> l.add(string(name)));
                    }
                    default -> throw unknown(name, "an allocation");
                }
            });
            if (s[0] == null || IpAddress.tryParse(s[0]) == null) throw bad("an allocation has an invalid \"ip\": " + q(s[0]));
            return new CheckReport.Allocation(s[0], s[1], seq[0], s[2], s[3], s[4], s[5], s[6], b[0], b[1], b[2], owners[0]);
        }

        private CheckReport.LeakedHandle leakedHandle() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw bad("a leaked handle must be an object, not " + kind(p.currentToken()));
            String[] s = new String[3];
            members("a leaked handle", name -> {
                switch (name) {
                    case "ID" -> s[0] = string(name);
                    case "UID" -> s[1] = string(name);
                    case "Revision" -> s[2] = string(name);
                    default -> throw unknown(name, "a leaked handle");
                }
            });
            if (s[0] == null || s[0].isEmpty()) throw bad("a leaked handle has no \"ID\"");
            if (s[2] == null || !s[2].matches("[0-9]{1,19}")) throw bad("leaked handle " + q(s[0]) + " has an invalid \"Revision\": " + q(s[2]));
            return new CheckReport.LeakedHandle(s[0], s[1], s[2]);
        }

        private CheckReport.HandleMismatch mismatch() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw bad("a handle mismatch must be an object");
            String[] s = new String[2];
            long[] n = {-1, -1, -1};
            members("a handle mismatch", name -> {
                switch (name) {
                    case "handle" -> s[0] = string(name);
                    case "block" -> s[1] = string(name);
                    case "recorded" -> n[0] = revision(name);
                    case "actual" -> n[1] = revision(name);
                    case "revision" -> n[2] = revision(name);
                    default -> throw unknown(name, "a handle mismatch");
                }
            });
            if (s[0] == null || s[1] == null || dev.calicoctl.model.Cidr.tryParse(s[1]) == null || n[1] < 0 || n[2] <= 0) {
                throw bad("a handle mismatch needs handle, a block CIDR, actual and a revision");
            }
            return new CheckReport.HandleMismatch(s[0], s[1], Math.max(0, n[0]), n[1], n[2]);
        }

        private CheckReport.DanglingAffinity affinity() throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw bad("a dangling affinity must be an object");
            String[] s = new String[3];
            long[] rev = {-1};
            members("a dangling affinity", name -> {
                switch (name) {
                    case "host" -> s[0] = string(name);
                    case "block" -> s[1] = string(name);
                    case "state" -> s[2] = string(name);
                    case "revision" -> rev[0] = revision(name);
                    default -> throw unknown(name, "a dangling affinity");
                }
            });
            if (s[0] == null || s[1] == null || dev.calicoctl.model.Cidr.tryParse(s[1]) == null || rev[0] <= 0) {
                throw bad("a dangling affinity needs host, a block CIDR and a revision");
            }
            return new CheckReport.DanglingAffinity(s[0], s[1], s[2] == null ? "" : s[2], rev[0]);
        }
    }
}
