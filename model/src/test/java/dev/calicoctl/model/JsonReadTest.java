package dev.calicoctl.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading JSON trees: paths are built only when lines are recorded, yet messages name them either way. */
class JsonReadTest {
    @Test
    void readsTreesInOrderWithLongsDoublesAndNulls() {
        Object t = Json.parse("{\"b\":[1,2.5,\"x\",null,true,{}],\"a\":{\"c\":[]}}");
        assertThat(t).isEqualTo(Map.of("b", java.util.Arrays.asList(1L, 2.5, "x", null, true, Map.of()), "a", Map.of("c", List.of())));
        assertThat(List.copyOf(((Map<?, ?>) t).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void aDuplicateFieldIsNamedByItsPathWithoutLineTracking() {
        assertThatThrownBy(() -> Json.parse("{\"x\":[{\"y\":1},\n{\"y\":1,\"z\":{\"w\":1,\"w\":2}}]}"))
                .isInstanceOf(CalicoException.class).hasMessage("duplicate field \"x[1].z.w\" at line 2");
        assertThatThrownBy(() -> ResourceCodec.fromStoredJson(Kinds.byName("IPPool"), "{\"spec\":{\"cidr\":\"10.0.0.0/24\",\"cidr\":\"10.1.0.0/24\"}}"))
                .isInstanceOf(CalicoException.class).hasMessage("duplicate field \"spec.cidr\" at line 1");
    }

    @Test
    void aDuplicateFieldIsNamedByItsPathWithLineTracking() {
        SourceLines lines = new SourceLines("f.json", 1);
        assertThatThrownBy(() -> Json.parse("[{\"a\":1},\n{\"a\":1,\n\"a\":2}]", lines))
                .isInstanceOf(CalicoException.class).hasMessage("duplicate field \"[1].a\" at line 3");
    }

    @Test
    void errorsBeforeADuplicateStillComeFirst() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2,}"))
                .isInstanceOf(CalicoException.class).hasMessage("duplicate field \"a\" at line 1");
        assertThatThrownBy(() -> Json.parse("{\"a\":01,\"a\":2}"))
                .isInstanceOf(CalicoException.class).hasMessageStartingWith("invalid JSON at line 1: ");
    }
}
