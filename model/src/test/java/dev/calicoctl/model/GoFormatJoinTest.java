package dev.calicoctl.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** calicoctl's join/joinAndTruncate, shared by the tables and the template function of the same names. */
class GoFormatJoinTest {
    @Test
    void joinsListsAndSortedMapPairs() {
        assertThat(GoFormat.join(List.of("10.0.0.0/24", "10.1.0.0/24"), ",")).isEqualTo("10.0.0.0/24,10.1.0.0/24");
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("zone", "b");
        labels.put("Zone", "a"); // Go sorts by bytes: upper case first
        labels.put("rack", 1.5e6);
        assertThat(GoFormat.join(labels, ",")).isEqualTo("Zone=a,rack=1.5e+06,zone=b");
    }

    @Test
    void truncatesByBytesWithAnEllipsis() {
        assertThat(GoFormat.joinAndTruncate(List.of("aaaa", "bbbb", "cccc"), ",", 10)).isEqualTo("aaaa,bb...");
        assertThat(GoFormat.joinAndTruncate(List.of("aaaa", "bbbb"), ",", 0)).isEqualTo("aaaa,bbbb");
        // a limit below the ellipsis' own length cannot cut a negative number of bytes
        assertThat(GoFormat.joinAndTruncate(List.of("aaaa"), ",", 2)).isEqualTo("...");
    }

    @Test
    void elementsPrintedByTheCallersFormatter() {
        assertThat(GoFormat.joinAndTruncate(List.of(Map.of("a", "b")), ";", 0, o -> "<" + o + ">")).isEqualTo("<{a=b}>");
    }
}
