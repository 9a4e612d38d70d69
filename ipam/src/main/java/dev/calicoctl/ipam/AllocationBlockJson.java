package dev.calicoctl.ipam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An IPAM block's stored JSON (libcalico-go model.AllocationBlock's field names and order), written and read. */
final class AllocationBlockJson {
    private AllocationBlockJson() {}

    static String write(AllocationBlock b) {
        if (!b.attributesRead) throw new IllegalStateException("block " + b.cidr + " was read without its attributes");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cidr", b.cidr.toString());
        m.put("affinity", b.affinity);
        if (b.affinityClaimTime != null) m.put("affinity_claim_time", b.affinityClaimTime);
        List<Object> allocs = new ArrayList<>(b.allocations.length);
        for (int a : b.allocations) allocs.add(a == AllocationBlock.FREE ? null : (Object) (long) a);
        m.put("allocations", allocs);
        List<Object> un = new ArrayList<>(b.unallocated.size());
        for (int o : b.unallocated) un.add((long) o);
        m.put("unallocated", un);
        List<Object> attrs = new ArrayList<>();
        for (Attribute a : b.attributes) attrs.add(a.toJson());
        m.put("attributes", attrs);
        m.put("sequenceNumber", b.sequenceNumber);
        m.put("sequenceNumberForAllocation", new TreeMap<String, Object>(b.sequenceNumberForAllocation));
        m.put("deleted", b.deleted);
        if (b.hostAffinity != null) m.put("hostAffinity", b.hostAffinity);
        return Json.write(m);
    }

    /**
     * Reads a stored block field by field with a streaming parser (a million allocations are read
     * in about a second this way). Without {@code withAttributes} the attributes are skipped: usage
     * counts need only the allocation slots.
     */
    /**
     * As {@link #read}, from QuickJson's tree when it takes the value and {@link AllocationBlockTree}
     * reads it: no parser set up (Jackson's first costs ~15 ms of CPU at start), for the few blocks
     * of a small store. Trees cost more than streaming over many blocks, so big listings stream.
     */
    static AllocationBlock readQuickly(String json, long revision, boolean withAttributes) {
        java.util.Map<String, Object> tree = Json.parsePlainObject(json);
        AllocationBlock quick = tree == null ? null : AllocationBlockTree.read(tree, revision, withAttributes);
        return quick != null ? quick : read(json, revision, withAttributes);
    }

    static AllocationBlock read(String json, long revision, boolean withAttributes) {
        try (JsonParser p = Json.parser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new CalicoException("IPAM block is not a JSON object");
            String cidrText = null, affinity = null, claim = null, hostAffinity = null;
            List<Integer> allocs = new ArrayList<>(), unalloc = new ArrayList<>();
            List<Attribute> attrs = new ArrayList<>();
            long seq = 0;
            boolean deleted = false;
            TreeMap<String, Long> seqFor = new TreeMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                t = p.nextToken();
                switch (f) {
                    case "cidr" -> cidrText = p.getValueAsString();
                    case "affinity" -> affinity = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "affinity_claim_time" -> claim = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "hostAffinity" -> hostAffinity = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "allocations" -> { if (t == JsonToken.START_ARRAY) while ((t = p.nextToken()) != JsonToken.END_ARRAY) allocs.add(t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : AllocationBlock.FREE); }
                    case "unallocated" -> { if (t == JsonToken.START_ARRAY) while (p.nextToken() != JsonToken.END_ARRAY) unalloc.add(p.getIntValue()); }
                    case "attributes" -> {
                        if (t != JsonToken.START_ARRAY) { p.skipChildren(); break; }
                        if (!withAttributes) { p.skipChildren(); break; }
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) attrs.add(readAttribute(p, t));
                    }
                    case "sequenceNumber" -> seq = p.getValueAsLong();
                    case "sequenceNumberForAllocation" -> {
                        if (t == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                seqFor.put(k, p.getValueAsLong());
                            }
                        }
                    }
                    case "deleted" -> deleted = t == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            Cidr cidr = cidrText == null ? null : Cidr.tryParse(cidrText);
            if (cidr == null) throw new CalicoException("IPAM block has an invalid cidr: " + cidrText);
            AllocationBlock b = AllocationBlock.unfilled(cidr);
            for (int i = 0; i < Math.min(allocs.size(), b.allocations.length); i++) b.allocations[i] = allocs.get(i);
            b.affinity = affinity;
            b.affinityClaimTime = claim;
            b.unallocated = unalloc;
            b.attributes.addAll(attrs);
            b.sequenceNumber = seq;
            b.sequenceNumberForAllocation.putAll(seqFor);
            b.deleted = deleted;
            b.hostAffinity = hostAffinity;
            b.revision = revision;
            b.attributesRead = withAttributes;
            return b;
        } catch (IOException e) {
            throw new CalicoException("IPAM block is not valid JSON: " + e.getMessage());
        }
    }

    private static Attribute readAttribute(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) { p.skipChildren(); return new Attribute(null, null); }
        String handle = null, released = null;
        Map<String, String> secondary = null, alternate = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "handle_id" -> handle = v == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                case "secondary" -> secondary = readStrings(p, v);
                case "alternateOwnerAttrs" -> alternate = readStrings(p, v);
                case "releasedAt" -> released = v == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        return new Attribute(handle, secondary, alternate, released);
    }

    private static Map<String, String> readStrings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) { p.skipChildren(); return null; }
        Map<String, String> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            m.put(k, p.getValueAsString(""));
        }
        return m;
    }
}
