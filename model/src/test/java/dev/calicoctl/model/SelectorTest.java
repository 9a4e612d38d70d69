package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {
    private static final Map<String, String> LABELS = Map.of(
            "zone", "us-east-1a", "role", "worker", "team", "net", "example.com/tier", "gold");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "all() => true",
            "global() => true",
            "'' => true",
            "has(zone) => true",
            "has(missing) => false",
            "!has(missing) => true",
            "role == 'worker' => true",
            "role == \"worker\" => true",
            "role == 'master' => false",
            "role != 'master' => true",
            "missing != 'x' => true",
            "role in {'worker', 'infra'} => true",
            "role in {} => false",
            "role not in {'worker'} => false",
            "missing not in {'worker'} => true",
            "zone contains 'east' => true",
            "zone starts with 'us-' => true",
            "zone ends with '1a' => true",
            "zone ends with '1b' => false",
            "role == 'worker' && team == 'net' => true",
            "role == 'worker' && team == 'db' => false",
            "role == 'x' || team == 'net' => true",
            "!(role == 'x' || team == 'db') => true",
            "example.com/tier == 'gold' => true",
            "has(role) && (zone == 'a' || zone starts with 'us') => true",
            "!!has(role) => true",
    })
    void evaluates(String selector, boolean expected) {
        assertThat(Selector.parse(selector).matches(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"role ==", "role = 'x'", "has(", "(role == 'x'", "role in {'a'", "role == 'x' &&", "role", "role == 'x' extra"})
    void rejectsMalformed(String selector) {
        assertThatThrownBy(() -> Selector.parse(selector)).isInstanceOf(CalicoException.class)
                .hasMessageContaining("invalid selector");
        assertThat(Selector.problem(selector)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void parsedOnceEvaluatedMany() {
        Selector s = Selector.parse("team == 'net' && !has(drain)");
        assertThat(s.matches(Map.of("team", "net"))).isTrue();
        assertThat(s.matches(Map.of("team", "net", "drain", ""))).isFalse();
        assertThat(s.matches(Map.of())).isFalse();
    }
}
