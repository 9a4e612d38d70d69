package dev.calicoctl.ipam;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored values the engine writes and peeks at without a full decode. */
class StoredJsonTest {
    @Test
    void affinityValueIsLibcalicoGosLayoutByteForByte() {
        // model.BlockAffinity in etcd: {State `json:"state"`, Deleted `json:"deleted"`}, compact
        assertThat(Ipam.affinityJson("pending")).isEqualTo("{\"state\":\"pending\",\"deleted\":false}");
        assertThat(Ipam.affinityJson("confirmed")).isEqualTo("{\"state\":\"confirmed\",\"deleted\":false}");
        assertThat(Ipam.affinityJson("pendingDeletion")).isEqualTo("{\"state\":\"pendingDeletion\",\"deleted\":false}");
    }

    private static final String FULL = "{\"cidr\":\"10.0.0.0/31\",\"affinity\":\"host:a\",\"allocations\":[0,0],\"unallocated\":[],"
            + "\"attributes\":[{\"handle_id\":\"h\",\"secondary\":{\"releasedAt\":\"x\"}}],\"sequenceNumber\":0,\"deleted\":false}";

    @Test
    void fullIsReadFromTheDecodedFieldsNotTheText() {
        assertThat(Ipam.isFull(FULL)).isTrue();
        // the same block laid out by another writer (indented, as kubectl or a human would store it)
        assertThat(Ipam.isFull(Json.writeIndented(Json.parse(FULL)))).isTrue();
        // a free ordinal, or an address cooling down that garbage collection may free, is not full
        assertThat(Ipam.isFull(FULL.replace("\"unallocated\":[]", "\"unallocated\":[1]"))).isFalse();
        assertThat(Ipam.isFull(FULL.replace("\"handle_id\":\"h\"", "\"handle_id\":\"h\",\"releasedAt\":\"2026-01-01T00:00:00Z\""))).isFalse();
        // the words appearing in a string value decide nothing
        assertThat(Ipam.isFull(FULL.replace("\"unallocated\":[]", "\"unallocated\":[1],\"note\":\"\\\"unallocated\\\":[]\""))).isFalse();
        assertThat(Ipam.isFull("not json")).isFalse();
    }
}
