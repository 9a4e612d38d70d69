package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored block read from a JSON tree (model/QuickJson's) as {@link AllocationBlockJson}'s
 * streaming reading reads it, or null wherever the tree holds anything that reading treats
 * specially (a value of another type, a number beyond an int): the caller then reads it the
 * streaming way, so both readings agree on everything this one accepts.
 */
final class AllocationBlockTree {
    private AllocationBlockTree() {}

    /** Declining: the streaming reading takes over. */
    private static final class Decline extends RuntimeException {
        Decline() { super(null, null, false, false); }
    }

    private static final Decline DECLINE = new Decline();

    static AllocationBlock read(Map<String, Object> tree, long revision, boolean withAttributes) {
        try {
            String cidrText = text(tree.get("cidr"));
            Cidr cidr = cidrText == null ? null : Cidr.tryParse(cidrText);
            if (cidr == null) throw DECLINE; // the streaming reading words the error
            AllocationBlock b = AllocationBlock.unfilled(cidr);
            List<?> allocs = list(tree.get("allocations"));
            for (int i = 0; i < allocs.size(); i++) {
                Object a = allocs.get(i);
                int slot = a == null ? AllocationBlock.FREE : integer(a);
                if (i < b.allocations.length) b.allocations[i] = slot;
            }
            List<Integer> unalloc = new ArrayList<>();
            for (Object o : list(tree.get("unallocated"))) unalloc.add(integer(o));
            List<Attribute> attrs = new ArrayList<>();
            if (withAttributes && tree.get("attributes") instanceof List<?> l) {
                for (Object a : l) attrs.add(attribute(a));
            }
            b.affinity = text(tree.get("affinity"));
            b.affinityClaimTime = text(tree.get("affinity_claim_time"));
            b.hostAffinity = text(tree.get("hostAffinity"));
            Object seq = tree.get("sequenceNumber");
            long sequence = seq == null ? 0 : number(seq);
            Object seqFor = tree.get("sequenceNumberForAllocation");
            Map<String, Long> sequences = new HashMap<>();
            if (seqFor != null) {
                if (!(seqFor instanceof Map<?, ?> m)) throw DECLINE;
                for (Map.Entry<?, ?> e : m.entrySet()) sequences.put((String) e.getKey(), number(e.getValue()));
            }
            b.unallocated = unalloc;
            b.attributes.addAll(attrs);
            b.sequenceNumber = sequence;
            b.sequenceNumberForAllocation.putAll(sequences);
            Object deleted = tree.get("deleted");
            if (deleted instanceof Map || deleted instanceof List) throw DECLINE; // the streaming reading does not step over it
            b.deleted = Boolean.TRUE.equals(deleted);
            b.revision = revision;
            b.attributesRead = withAttributes;
            return b;
        } catch (Decline d) {
            return null;
        }
    }

    private static Attribute attribute(Object a) {
        if (!(a instanceof Map<?, ?> m)) throw DECLINE;
        return new Attribute(text(m.get("handle_id")), strings(m.get("secondary")), strings(m.get("alternateOwnerAttrs")), text(m.get("releasedAt")));
    }

    private static Map<String, String> strings(Object v) {
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw DECLINE;
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) throw DECLINE;
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static String text(Object v) {
        if (v == null || v instanceof String) return (String) v;
        throw DECLINE;
    }

    private static List<?> list(Object v) {
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l;
        throw DECLINE;
    }

    private static int integer(Object v) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw DECLINE;
    }

    private static long number(Object v) {
        if (v instanceof Long l) return l;
        throw DECLINE;
    }
}
