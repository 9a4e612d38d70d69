package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Strings that go-yaml v2 would read back as another type are double-quoted; others stay plain. */
class YamlQuotingTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "yes => true", "Off => true", "null => true", "~ => true", "12 => true", "-3 => true", "0x1F => true", "0b101 => true",
            "1.5 => true", ".5 => true", "1e10 => true", "1_000 => true", ".inf => true", "2024-01-02 => true", "2026-11-30T08:29:48Z => true",
            "all() => false", "10.0.0.0/26 => false", "1.2.3 => false", "v3 => false", "12abc => false", "- => false", "2024-1 => false",
            "external-pool => false", "e10 => false"})
    void resolution(String s, boolean other) {
        assertThat(Yaml.resolvesToOtherType(s)).isEqualTo(other);
    }
}
