package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The YAML writer's one-pass string classification and in-order key shortcut agree with the
 * straightforward writer they replaced ({@link YamlWriterReference}): tricky strings written out,
 * then exhaustive and random comparisons of the two.
 */
class YamlWriterTest {
    static Stream<org.junit.jupiter.params.provider.Arguments> tricky() {
        return Stream.of(
                arguments("yes", "\"yes\""), arguments("No", "\"No\""), arguments("OFF", "\"OFF\""), arguments("~", "\"~\""),
                arguments("0x1F", "\"0x1F\""), arguments("0b2", "0b2"), arguments("1e5", "\"1e5\""), arguments("1_000", "\"1_000\""),
                arguments("-1", "\"-1\""), arguments("+1", "\"+1\""), arguments(".5", "\".5\""), arguments("-.inf", "\"-.inf\""),
                arguments("2001-01-01", "\"2001-01-01\""), arguments("2001-1-1t", "\"2001-1-1t\""), arguments("2001-01", "2001-01"),
                arguments("-", "'-'"), arguments("- a", "'- a'"), arguments("-a", "-a"), arguments("---", "'---'"), arguments("...x", "'...x'"),
                arguments("a: b", "'a: b'"), arguments("a:b", "a:b"), arguments("x:", "'x:'"), arguments(":x", ":x"), arguments(": x", "': x'"),
                arguments("a #b", "'a #b'"), arguments("a#b", "a#b"), arguments("#a", "'#a'"), arguments("'", "''''"), arguments("it's", "it's"),
                arguments("\"q\"", "'\"q\"'"), arguments(" x", "' x'"), arguments("x ", "'x '"), arguments("a\tb", "\"a\\tb\""),
                arguments("é", "é"), arguments("1\u0663", "\"1\u0663\""), arguments("x\u2003", "'x\u2003'"), arguments("<a&b>", "<a&b>"),
                arguments("", "\"\""), arguments("10.0.0.0/24", "10.0.0.0/24"), arguments("all()", "all()"), arguments("Never", "Never"),
                arguments("pool-001", "pool-001"), arguments("fd00::/64", "fd00::/64"), arguments("a\u007fb", "\"a\u007fb\""));
    }

    @ParameterizedTest
    @MethodSource("tricky")
    void writesTrickyStringsAsGoYamlV2(String s, String written) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("k", s);
        assertThat(Yaml.write(doc)).isEqualTo("k: " + written + "\n");
        assertThat(YamlWriterReference.write(doc)).isEqualTo("k: " + written + "\n");
        assertThat(Yaml.write(List.of(s))).isEqualTo("- " + written + "\n");
    }

    private static final String ALPHABET = "aAyYnNoOtTfFeExXbB01289_-+.:#' ~\t/\"[!%é\u0663\u2003\u00a0\u017f\u0130";

    /** Millions of calls: compare first, build an assertion only for a difference. */
    private static void assertSameStyle(String s) {
        if (Yaml.resolvesToOtherType(s) != YamlWriterReference.resolvesToOtherType(s) || Yaml.style(s) != YamlWriterReference.style(s)) {
            assertThat(Yaml.resolvesToOtherType(s)).as("resolves \"%s\"", s).isEqualTo(YamlWriterReference.resolvesToOtherType(s));
            assertThat(Yaml.style(s)).as("style of \"%s\"", s).isEqualTo(YamlWriterReference.style(s));
        }
    }

    @Test
    void everyShortStringIsClassifiedAsBefore() {
        int n = ALPHABET.length();
        for (int len = 1; len <= 3; len++) {
            int[] idx = new int[len];
            while (true) {
                char[] cs = new char[len];
                for (int i = 0; i < len; i++) cs[i] = ALPHABET.charAt(idx[i]);
                assertSameStyle(new String(cs));
                int p = len - 1;
                while (p >= 0 && ++idx[p] == n) idx[p--] = 0;
                if (p < 0) break;
            }
        }
    }

    /**
     * Every character the classifiers could treat specially (ASCII and Latin, white space, digits
     * of any script, hex digits, characters that case-map to ASCII) and a sample of the rest.
     */
    private static final List<Character> INTERESTING_CHARS = new ArrayList<>();
    static {
        for (int c = 0; c <= 0xFFFF; c++) {
            char ch = (char) c;
            if (c < 0x300 || c % 101 == 0 || Character.isWhitespace(ch) || Character.isDigit(ch) || Character.digit(ch, 16) >= 0
                    || Character.toLowerCase(ch) < 0x80 || Character.toUpperCase(ch) < 0x80 || Character.isSurrogate(ch)) {
                INTERESTING_CHARS.add(ch);
            }
        }
    }

    @Test
    void everyInterestingCharacterInEveryPositionOfTemplatesIsClassifiedAsBefore() {
        String[] templates = {"yes", "No", "false", "null", "~", "0x1F", "0b101", "1e5", "-1.5e-3", ".inf", "+.NaN", "2001-01-01",
                "2001-1-1T10", "1_000", "- a", "a: b", "a #b", "---", "...", "x:", " x", "ab", "9"};
        for (String t : templates) {
            for (int pos = 0; pos < t.length(); pos++) {
                for (char c : INTERESTING_CHARS) assertSameStyle(t.substring(0, pos) + c + t.substring(pos + 1));
            }
            assertSameStyle(t);
        }
    }

    @Test
    void onlyTheListedCharactersLowerCaseToTheStartOfAWord() {
        // resolvesToOtherType looks words up only for strings starting with y, n, t, f, o (any case) or ~
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String lower = new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT);
            if ("yntfo~".indexOf(lower.charAt(0)) >= 0) assertThat("yYnNtTfFoO~").contains(new String(Character.toChars(cp)));
        }
    }

    @Test
    void randomStringsAreClassifiedAsBefore() {
        Random rnd = new Random(12);
        for (int i = 0; i < 300_000; i++) assertSameStyle(randomString(rnd, 1 + rnd.nextInt(14)));
    }

    private static String randomString(Random rnd, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    @Test
    void keysCompareAsBefore() {
        Random rnd = new Random(7);
        String keyChars = "0001279a-b_\u0663.";
        for (int i = 0; i < 100_000; i++) {
            String a = randomFrom(rnd, keyChars, rnd.nextInt(7)), b = randomFrom(rnd, keyChars, rnd.nextInt(7));
            assertThat(Yaml.compareNatural(a, b)).as("%s vs %s", a, b).isEqualTo(YamlWriterReference.NATURAL.compare(a, b));
        }
    }

    private static String randomFrom(Random rnd, String chars, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append(chars.charAt(rnd.nextInt(chars.length())));
        return sb.toString();
    }

    @Test
    void randomDocumentsAreWrittenAsBefore() {
        Random rnd = new Random(3);
        for (int i = 0; i < 3_000; i++) {
            Object doc = randomTree(rnd, 0);
            assertThat(Yaml.write(doc)).isEqualTo(YamlWriterReference.write(doc));
        }
    }

    @Test
    void mapsRepeatingKeySequencesAreWrittenAsBefore() {
        // a listing's maps repeat their kind's key sequences: sorted once per write, reused after
        Random rnd = new Random(17);
        String[] names = {"kind", "apiVersion", "metadata", "spec", "a10", "a9", "a010", "b", "01", "1", "x-2", "x-10"};
        for (int doc = 0; doc < 300; doc++) {
            List<List<String>> sequences = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(20); i > 0; i--) {
                List<String> keys = new ArrayList<>();
                for (String n : names) if (rnd.nextInt(3) > 0) keys.add(rnd.nextBoolean() ? n : new String(n)); // equal, not the same
                java.util.Collections.shuffle(keys, rnd);
                sequences.add(keys);
            }
            List<Object> items = new ArrayList<>();
            for (int i = rnd.nextInt(40); i > 0; i--) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k : sequences.get(rnd.nextInt(sequences.size()))) m.put(k, rnd.nextInt(4) == 0 ? Map.of("z", k, "y", 1L) : k);
                items.add(m);
            }
            assertThat(Yaml.write(items)).isEqualTo(YamlWriterReference.write(items));
        }
    }

    @Test
    void mapsWithKeysOtherThanStringsAreWrittenAsBefore() {
        // decoded trees never have such keys; the writer keeps its old way with them
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(10L, "ten");
        m.put("9", "nine");
        m.put(true, "yes");
        assertThat(Yaml.write(m)).isEqualTo(YamlWriterReference.write(m));
    }

    /** Maps whose keys come in random order, in sorted order, or with equal-comparing keys ("01", "1"). */
    private static Object randomTree(Random rnd, int depth) {
        int pick = depth > 3 ? rnd.nextInt(4) : rnd.nextInt(7);
        switch (pick) {
            case 0: return randomString(rnd, rnd.nextInt(6));
            case 1: return rnd.nextLong() % 1000;
            case 2: return rnd.nextBoolean() ? null : rnd.nextBoolean();
            case 3: return rnd.nextInt(3) - 1 + rnd.nextInt(4) / 2.0;
            case 4: {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) l.add(randomTree(rnd, depth + 1));
                return l;
            }
            default: {
                List<String> keys = new ArrayList<>();
                for (int i = rnd.nextInt(6); i > 0; i--) keys.add(randomFrom(rnd, "ab019-_", 1 + rnd.nextInt(4)));
                if (rnd.nextBoolean()) keys.sort(YamlWriterReference.NATURAL);
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k : keys) m.put(k, randomTree(rnd, depth + 1));
                return m;
            }
        }
    }
}
