package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 / issue 12 item 4: the typed report round-trips, and report decoding fed thousands of
 * generated inputs (mutated reports, wrong types, deep nesting, huge numbers, invalid UTF-8, raw
 * bytes) only ever yields a report or a one-line {@link CheckReportCodec.Malformed}.
 */
class CheckReportFuzzTest {
    static final AtomicInteger tried = new AtomicInteger(), parsed = new AtomicInteger(), refused = new AtomicInteger();

    static final CheckReport SAMPLE = new CheckReport("v3.31.0", "guid-1", true, "42", "typha,kdd",
            new TreeMap<>(Map.of("10.0.0.1", List.of(new CheckReport.Allocation("10.0.0.1", "h1", 3L, "pod", "ns", "node-0", null,
                    "2026-01-01T00:00:00Z", false, true, false, null)),
                    "10.0.0.2", List.of(new CheckReport.Allocation("10.0.0.2", null, 0L, null, null, "node-0", null, null, true, false, true,
                            List.of("Workload(ns/a<b>)"))))),
            List.of(new CheckReport.LeakedHandle("h2", null, "17")),
            List.of(new CheckReport.HandleMismatch("h1", "10.0.0.0/26", 2, 1, 9)),
            List.of(new CheckReport.DanglingAffinity("node-1", "10.0.1.0/26", "confirmed", 5)));

    static String sampleJson() {
        StringWriter w = new StringWriter();
        try {
            CheckReportCodec.write(SAMPLE, w);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return w.toString();
    }

    @Test
    void roundTripsAndWritesCalicoctlsLayout() {
        String json = sampleJson();
        assertThat(json).startsWith("{\n  \"version\": \"v3.31.0\",\n  \"clusterGUID\": \"guid-1\",\n  \"datastoreLocked\": true,\n"
                + "  \"clusterInformationRevision\": \"42\",\n  \"clusterType\": \"typha,kdd\",\n  \"allocations\": {\n    \"10.0.0.1\": [\n      {\n"
                + "        \"ip\": \"10.0.0.1\",\n        \"handle\": \"h1\",\n        \"sequenceNumber\": 3,\n");
        assertThat(json).contains("\"owners\": null").contains("\"Workload(ns/a\\u003cb\\u003e)\"")
                .contains("\"leakedHandles\": [\n    {\n      \"ID\": \"h2\",\n      \"UID\": null,\n      \"Revision\": \"17\"\n    }\n  ]");
        CheckReport back = CheckReportCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(back).isEqualTo(SAMPLE);
    }

    static void decode(byte[] input) {
        tried.incrementAndGet();
        try {
            assertThat(CheckReportCodec.read(new ByteArrayInputStream(input))).isNotNull();
            parsed.incrementAndGet();
        } catch (CalicoException e) {
            assertThat(e).isInstanceOf(CheckReportCodec.Malformed.class);
            String m = e.getMessage();
            assertThat(m).isNotBlank();
            assertThat(m.strip()).as(m).doesNotContain("\n");
            assertThat(m).as(m).doesNotContainPattern("(java|javax|org|com)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)").doesNotContain("Exception:");
            refused.incrementAndGet();
        }
    }

    @Property(tries = 1500)
    void rawBytes(@ForAll("bytes") byte[] input) { decode(input); }

    @Property(tries = 2000)
    void mutatedReports(@ForAll("mutated") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 1000)
    void wrongTypes(@ForAll("retyped") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 500)
    void deepNestingAndHugeNumbers(@ForAll("extreme") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 500)
    void invalidUtf8(@ForAll("badUtf8") byte[] input) { decode(input); }

    @Provide Arbitrary<byte[]> bytes() { return Arbitraries.bytes().array(byte[].class).ofMaxSize(300); }

    @Provide Arbitrary<String> mutated() {
        String base = sampleJson();
        return Combinators.combine(Arbitraries.integers().between(0, base.length()), Arbitraries.integers().between(0, 6),
                Arbitraries.strings().withChars("{}[]:,\"-.0123456789eE truefalsn\\u").ofMaxLength(10))
                .as((at, cut, insert) -> base.substring(0, at) + insert + base.substring(Math.min(base.length(), at + cut)));
    }

    @Provide Arbitrary<String> retyped() {
        String base = sampleJson();
        List<String> values = List.of("\"v3.31.0\"", "\"guid-1\"", "true", "\"42\"", "3", "\"h1\"", "\"17\"", "null", "\"10.0.0.1\"", "9", "5");
        return Combinators.combine(Arbitraries.of(values), Arbitraries.of("null", "1", "-1", "1.5", "1e3", "\"x\"", "[]", "{}", "true",
                        "18446744073709551616", "\"300.1.1.1\"", "\"\""))
                .as((from, to) -> base.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    @Provide Arbitrary<String> extreme() {
        return Combinators.combine(Arbitraries.integers().between(1, 20_000), Arbitraries.of("[", "{\"allocations\":", "{\"a\":[", "9", "-0."))
                .as((n, unit) -> unit.startsWith("9") || unit.startsWith("-")
                        ? "{\"allocations\": {\"10.0.0.1\": [{\"ip\": \"10.0.0.1\", \"sequenceNumber\": " + unit + "9".repeat(n) + "}]}}"
                        : "{\"leakedHandles\": " + unit.repeat(Math.min(n, 100_000 / unit.length())));
    }

    @Provide Arbitrary<byte[]> badUtf8() {
        byte[] base = sampleJson().getBytes(StandardCharsets.UTF_8);
        return Combinators.combine(Arbitraries.integers().between(0, base.length),
                Arbitraries.of(new byte[]{(byte) 0xc3}, new byte[]{(byte) 0xff}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[]{(byte) 0xc0, (byte) 0xaf}, new byte[]{0}))
                .as((at, bad) -> {
                    byte[] out = new byte[base.length + bad.length];
                    System.arraycopy(base, 0, out, 0, at);
                    System.arraycopy(bad, 0, out, at, bad.length);
                    System.arraycopy(base, at, out, at + bad.length, base.length - at);
                    return out;
                });
    }

    @AfterContainer
    static void report() {
        System.out.println("report fuzz: " + tried.get() + " inputs, " + parsed.get() + " parsed, " + refused.get() + " refused with one line, 0 other outcomes");
    }
}
