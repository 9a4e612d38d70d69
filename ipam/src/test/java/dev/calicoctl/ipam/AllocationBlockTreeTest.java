package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A small store's blocks read from QuickJson's tree agree with the streaming reading, whatever the stored value holds. */
class AllocationBlockTreeTest {
    /** Everything a reading yields, as text, or the error it gives. */
    private static String outcome(java.util.function.Supplier<AllocationBlock> read) {
        try {
            AllocationBlock b = read.get();
            List<Object> attrs = new ArrayList<>();
            for (Attribute a : b.attributes) attrs.add(a.toJson());
            return b.cidr + " " + Arrays.toString(b.allocations) + " " + b.unallocated + " " + attrs + " " + b.affinity + " " + b.affinityClaimTime
                    + " " + b.hostAffinity + " " + b.sequenceNumber + " " + new TreeMap<>(b.sequenceNumberForAllocation) + " " + b.deleted
                    + " " + b.revision + " " + b.attributesRead;
        } catch (CalicoException e) {
            return "error: " + e.getMessage();
        }
    }

    private static void agree(String json) {
        for (boolean attrs : new boolean[]{true, false}) {
            assertThat(outcome(() -> AllocationBlockJson.readQuickly(json, 42, attrs)))
                    .as(json).isEqualTo(outcome(() -> AllocationBlockJson.read(json, 42, attrs)));
        }
    }

    private static Map<String, Object> block(Random r) {
        int size = 1 << (r.nextInt(4) + 2);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cidr", "10." + r.nextInt(256) + ".0.0/" + (32 - Integer.numberOfTrailingZeros(size)));
        m.put("affinity", r.nextBoolean() ? "host:node-" + r.nextInt(9) : null);
        if (r.nextBoolean()) m.put("affinity_claim_time", "2026-12-02T0" + r.nextInt(10) + ":00:00Z");
        List<Object> allocs = new ArrayList<>(), un = new ArrayList<>(), attrs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (r.nextInt(3) == 0) {
                allocs.add((long) attrs.size());
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("handle_id", r.nextInt(5) == 0 ? null : "k8s-pod-network.c" + r.nextInt(1000));
                if (r.nextBoolean()) a.put("secondary", Map.of("node", "node-" + r.nextInt(9), "pod", "p" + i));
                if (r.nextInt(4) == 0) a.put("releasedAt", "2026-12-02T01:00:00Z");
                attrs.add(a);
            } else {
                allocs.add(null);
                un.add((long) i);
            }
        }
        m.put("allocations", allocs);
        m.put("unallocated", un);
        m.put("attributes", attrs);
        m.put("sequenceNumber", (long) r.nextInt(1000));
        Map<String, Object> seq = new TreeMap<>();
        for (int i = 0; i < r.nextInt(3); i++) seq.put(Integer.toString(r.nextInt(size)), (long) r.nextInt(50));
        m.put("sequenceNumberForAllocation", seq);
        m.put("deleted", r.nextInt(5) == 0);
        if (r.nextBoolean()) m.put("hostAffinity", "node-" + r.nextInt(9));
        return m;
    }

    /** Values of other types, out-of-range numbers, missing and unknown fields. */
    private static final Object[] ODD = {null, "x", "12", 1.5, true, -1L, 3_000_000_000L, List.of(), Map.of(), List.of("a"), Map.of("k", 1L),
            Arrays.asList(1L, null), Arrays.asList((Object) null), List.of(1L, 2L), Map.of("1", "2"), Map.of("k", Map.of())};

    @Test
    void generatedAndMutatedBlocksReadAlike() {
        Random r = new Random(12);
        for (int n = 0; n < 3_000; n++) {
            Map<String, Object> b = block(r);
            agree(Json.write(b));
            // one field changed to something odd, removed, or an unknown one added
            List<String> fields = new ArrayList<>(b.keySet());
            String f = fields.get(r.nextInt(fields.size()));
            Map<String, Object> m = new LinkedHashMap<>(b);
            switch (r.nextInt(4)) {
                case 0 -> m.remove(f);
                case 1 -> m.put("extra" + r.nextInt(3), ODD[r.nextInt(ODD.length)]);
                default -> m.put(f, ODD[r.nextInt(ODD.length)]);
            }
            agree(Json.write(m));
            // an odd attribute or allocation inside the lists
            if (b.get("attributes") instanceof List<?> attrs && !attrs.isEmpty()) {
                List<Object> changed = new ArrayList<>(attrs);
                Map<String, Object> a = new LinkedHashMap<>(Map.of("handle_id", "h"));
                a.put(new String[]{"handle_id", "secondary", "alternateOwnerAttrs", "releasedAt"}[r.nextInt(4)], ODD[r.nextInt(ODD.length)]);
                changed.set(r.nextInt(changed.size()), r.nextInt(5) == 0 ? ODD[r.nextInt(ODD.length)] : a);
                Map<String, Object> m2 = new LinkedHashMap<>(b);
                m2.put("attributes", changed);
                agree(Json.write(m2));
            }
            List<Object> allocs = new ArrayList<>((List<?>) b.get("allocations"));
            allocs.set(r.nextInt(allocs.size()), ODD[r.nextInt(ODD.length)]);
            if (r.nextBoolean()) allocs.add(ODD[r.nextInt(ODD.length)]);
            Map<String, Object> m3 = new LinkedHashMap<>(b);
            m3.put("allocations", allocs);
            agree(Json.write(m3));
        }
    }

    @Test
    void oddTextIsLeftToTheStreamingReading() {
        for (String s : new String[]{"", "[]", "{", "{\"cidr\":\"10.0.0.0/30\",\"cidr\":\"10.0.0.4/30\"}", "{\"cidr\":\"bad\"}", "{\"cidr\":null}", "{}",
                "{\"cidr\":\"10.0.0.0/30\",\"allocations\":[0,null,1e3,null]}", "{\"cidr\":\"10.0.0.0/30\",\"sequenceNumber\":\"7\"}"}) {
            agree(s);
        }
    }

    @Test
    void aSmallStoreIsReadWithoutJacksonsParser() {
        String json = Json.write(block(new Random(3)));
        Map<String, Object> tree = Json.parsePlainObject(json);
        assertThat(tree).isNotNull();
        assertThat(AllocationBlockTree.read(tree, 1, true)).isNotNull();
        assertThat(AllocationBlockTree.read(tree, 1, false)).isNotNull();
    }
}
