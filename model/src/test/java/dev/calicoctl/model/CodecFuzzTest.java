package dev.calicoctl.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: the resource codec fed thousands of generated inputs (mutated manifests, deep nesting,
 * huge numbers, invalid UTF-8, random YAML tags, raw bytes). The only outcomes allowed are parsed
 * resources or a CalicoException with a one-line message naming no exception class.
 */
class CodecFuzzTest {
    static final AtomicInteger tried = new AtomicInteger(), parsed = new AtomicInteger(), refused = new AtomicInteger();

    static final String POOL = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/16\n  blockSize: 26\n";

    static void decode(byte[] input) {
        tried.incrementAndGet();
        try {
            List<Resource> r = ResourceCodec.decode(input, "fuzz");
            assertThat(r).isNotNull();
            parsed.incrementAndGet();
        } catch (CalicoException e) {
            String m = e.getMessage();
            assertThat(m).as("message").isNotBlank();
            assertThat(m.strip()).as(m).doesNotContain("\n");
            assertThat(m).as(m).doesNotContainPattern("(java|javax|org|com)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)").doesNotContain("Exception:");
            refused.incrementAndGet();
        }
        // any other Throwable fails the property
    }

    @Property(tries = 1500)
    void rawBytes(@ForAll("bytes") byte[] input) { decode(input); }

    @Property(tries = 1500)
    void mutatedManifests(@ForAll("mutated") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 600)
    void deepNesting(@ForAll("deep") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 600)
    void hugeNumbers(@ForAll("huge") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 800)
    void yamlTags(@ForAll("tagged") String input) { decode(input.getBytes(StandardCharsets.UTF_8)); }

    @Property(tries = 600)
    void invalidUtf8(@ForAll("badUtf8") byte[] input) { decode(input); }

    @Provide Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Provide Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.integers().between(0, POOL.length()), Arbitraries.integers().between(0, 8),
                Arbitraries.strings().withChars("{}[]:,-'\"!&*|>#%@`\\\n\t 0123456789abcXYZ.").ofMaxLength(12))
                .as((at, cut, insert) -> POOL.substring(0, at) + insert + POOL.substring(Math.min(POOL.length(), at + cut)));
    }

    @Provide Arbitrary<String> deep() {
        return Combinators.combine(Arbitraries.integers().between(1, 20_000), Arbitraries.of("[", "{\"a\":", "- ", "a: ", "[{\"b\":["),
                Arbitraries.of(true, false))
                .as((n, open, closeIt) -> {
                    String s = POOL + "  extra: " + open.repeat(Math.min(n, 200_000 / open.length()));
                    return closeIt && open.equals("[") ? s + "]".repeat(n) : s;
                });
    }

    @Provide Arbitrary<String> huge() {
        return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of("", "-", "0.", "1e", "0x"),
                Arbitraries.of("yaml", "json"))
                .as((digits, prefix, form) -> {
                    String n = prefix + "9".repeat(digits);
                    return form.equals("yaml") ? POOL.replace("blockSize: 26", "blockSize: " + n)
                            : "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"cidr\":\"10.0.0.0/16\",\"blockSize\":" + n + "}}";
                });
    }

    @Provide Arbitrary<String> tagged() {
        Arbitrary<String> tag = Arbitraries.oneOf(
                Arbitraries.of("!!python/object:os.system", "!!javax.script.ScriptEngineManager", "!!binary", "!!timestamp", "!!set",
                        "!!omap", "!!float", "!!int", "!!str", "!!map", "!!seq", "!!null", "!!bool", "!<tag:yaml.org,2002:str>", "!local", "!"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "!" + s));
        return Combinators.combine(tag, Arbitraries.of("name", "cidr", "spec", "metadata", "blockSize", "kind"))
                .as((t, field) -> POOL.replace(field + ":", field + ": " + t + (field.equals("spec") || field.equals("metadata") ? "\n " : "")));
    }

    @Provide Arbitrary<byte[]> badUtf8() {
        return Combinators.combine(Arbitraries.integers().between(0, POOL.length()),
                Arbitraries.of(new byte[]{(byte) 0xc3}, new byte[]{(byte) 0xff, (byte) 0xfe}, new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0xc0, (byte) 0xaf}, new byte[]{0}))
                .as((at, bad) -> {
                    byte[] base = POOL.getBytes(StandardCharsets.UTF_8);
                    byte[] out = new byte[base.length + bad.length];
                    System.arraycopy(base, 0, out, 0, at);
                    System.arraycopy(bad, 0, out, at, bad.length);
                    System.arraycopy(base, at, out, at + bad.length, base.length - at);
                    return out;
                });
    }

    @AfterContainer
    static void report() {
        System.out.println("codec fuzz: " + tried.get() + " inputs, " + parsed.get() + " parsed, " + refused.get() + " refused with one line, 0 other outcomes");
    }
}
