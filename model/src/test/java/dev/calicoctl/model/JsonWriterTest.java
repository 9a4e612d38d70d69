package dev.calicoctl.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON is written through Jackson's generator, in Go's encoding/json layout and escapes. */
class JsonWriterTest {
    @Test
    void compactAndIndentedAsGoWritesThem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", List.of("x", true));
        m.put("empty", new LinkedHashMap<>());
        m.put("none", new ArrayList<>());
        m.put("n", null);
        m.put("f", 2.5);
        assertThat(Json.write(m)).isEqualTo("{\"a\":1,\"b\":[\"x\",true],\"empty\":{},\"none\":[],\"n\":null,\"f\":2.5}");
        assertThat(Json.writeIndented(m)).isEqualTo("""
                {
                  "a": 1,
                  "b": [
                    "x",
                    true
                  ],
                  "empty": {},
                  "none": [],
                  "n": null,
                  "f": 2.5
                }""");
    }

    @Test
    void goEscapes() {
        assertThat(Json.write("<a&b>\u2028\u0001\b\f\n\t\r\"\\é")).isEqualTo("\"\\u003ca\\u0026b\\u003e\\u2028\\u0001\\u0008\\u000c\\n\\t\\r\\\"\\\\é\"");
        assertThat(Json.write("<x>")).isEqualTo(Json.quote("<x>"));
    }

    // issue 8 item 5: these ended in "unexpected error: java.lang.NullPointerException"
    @Test
    void deepNestingAndHugeNumbersAreOneLineErrors() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(CalicoException.class)
                .hasMessageStartingWith("invalid JSON").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        String huge = "{\"a\": " + "9".repeat(5000) + "}";
        assertThatThrownBy(() -> Json.parse(huge)).isInstanceOf(CalicoException.class)
                .hasMessageStartingWith("invalid JSON").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Json.parse("{\"a\": 99999999999999999999}")).isInstanceOf(CalicoException.class);
    }
}
