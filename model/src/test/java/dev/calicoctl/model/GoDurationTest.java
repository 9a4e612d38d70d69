package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's time.ParseDuration and Duration.String(), values checked against Go's documented outputs. */
class GoDurationTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "125s, 2m5s", "9910s, 2h45m10s", "1h, 1h0m0s", "0, 0s", "0s, 0s", "500ms, 500ms", "1.5s, 1.5s", "90m, 1h30m0s",
            "1500us, 1.5ms", "1µs, 1µs", "999ns, 999ns", "-5s, -5s", "1h2m3.5s, 1h2m3.5s", "2.5h, 2h30m0s", "100000h, 100000h0m0s",
    })
    void printsAsGo(String in, String out) {
        assertThat(GoDuration.format(GoDuration.parse(in))).isEqualTo(out);
    }

    @ParameterizedTest(name = "[{index}]")
    @CsvSource(delimiter = '|', value = {
            "''|time: invalid duration \"\"", "5|time: missing unit in duration \"5\"", "5d|time: unknown unit \"d\" in duration \"5d\"",
            "abc|time: invalid duration \"abc\"", "1..5s|time: invalid duration \"1..5s\"",
    })
    void rejectsAsGo(String in, String message) {
        assertThatThrownBy(() -> GoDuration.parse(in)).hasMessage(message);
    }
}
