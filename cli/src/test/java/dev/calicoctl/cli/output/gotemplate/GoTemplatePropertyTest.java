package dev.calicoctl.cli.output.gotemplate;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips that must hold for every input: quoting, plain text, field access, number printing. */
class GoTemplatePropertyTest {
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Property
    void quotedStringsUnquoteToThemselves(@ForAll String s) {
        Assume.that(wellFormed(s));
        assertThat(GoStrings.unquote(GoFmt.quote(s), m -> new IllegalStateException(m))).isEqualTo(s);
    }

    @Property
    void printfQuoteInATemplateRoundTrips(@ForAll String s) {
        Assume.that(wellFormed(s));
        String out = GoTemplate.parse("t", "{{printf \"%q\" .s}}").execute(Map.of("s", s));
        assertThat(GoStrings.unquote(out, m -> new IllegalStateException(m))).isEqualTo(s);
    }

    @Property
    void textWithoutActionsIsCopied(@ForAll String s) {
        Assume.that(!s.contains("{{"));
        assertThat(GoTemplate.parse("t", s).execute(Map.of())).isEqualTo(s);
    }

    @Property
    void aStringFieldPrintsAsItIs(@ForAll String s) {
        assertThat(GoTemplate.parse("t", "{{.k}}").execute(Map.of("k", s))).isEqualTo(s);
    }

    @Property
    void integersPrintInDecimalAndPad(@ForAll long n) {
        assertThat(GoTemplate.parse("t", "{{.n}}").execute(Map.of("n", n))).isEqualTo(Long.toString(n));
        String padded = GoTemplate.parse("t", "{{printf \"%25d\" .n}}").execute(Map.of("n", n));
        assertThat(padded).hasSize(25);
        assertThat(Long.parseLong(padded.strip())).isEqualTo(n);
    }

    @Property
    void floatsPrintTheShortestTextThatReadsBack(@ForAll double d) {
        Assume.that(Double.isFinite(d));
        String out = GoTemplate.parse("t", "{{.d}}").execute(Map.of("d", d));
        assertThat(Double.parseDouble(out)).isEqualTo(d);
    }

    @Property
    void hexOfAnIntegerReadsBack(@ForAll long n) {
        Assume.that(n != Long.MIN_VALUE);
        String out = GoTemplate.parse("t", "{{printf \"%x\" .n}}").execute(Map.of("n", n));
        assertThat(Long.parseLong(out, 16)).isEqualTo(n);
    }
}
