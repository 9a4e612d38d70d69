package dev.calicoctl.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's time.ParseDuration and Duration.String() (values from Go's documentation and calicoctl's test_felixconfig). */
class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"125s, 2m5s", "9910s, 2h45m10s", "1h, 1h0m0s", "0, 0s", "0s, 0s", "500ms, 500ms", "1.5s, 1.5s", "90m, 1h30m0s",
            "1500us, 1.5ms", "1µs, 1µs", "100ns, 100ns", "-1m30s, -1m30s", "1h15m30.918273645s, 1h15m30.918273645s", ".5s, 500ms",
            "2562047h47m16.854775807s, 2562047h47m16.854775807s"})
    void parseThenFormatAsGo(String in, String out) {
        assertThat(GoDuration.format(GoDuration.parse(in))).isEqualTo(out);
    }

    @Test
    void notDurations() {
        for (String s : List.of("", "125", "1x", "s", "1..5s", "-", "9999999999h")) assertThat(GoDuration.parse(s)).as(s).isNull();
        assertThat(GoDuration.format(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
    }

    @Test
    void durationFieldsAreNormalisedWhereverTheySit() {
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("reconcilerPeriod", "300s", "other", "300s"));
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("controllers", new LinkedHashMap<>(Map.of("node", nested)),
                "etcdV3CompactionPeriod", "10m", "healthChecks", "Enabled", "leakGracePeriod", "not-a-duration"));
        GoDuration.normalise(spec, GoDuration.fieldsOf("KubeControllersConfiguration"));
        assertThat(nested).containsEntry("reconcilerPeriod", "5m0s").containsEntry("other", "300s");
        assertThat(spec).containsEntry("etcdV3CompactionPeriod", "10m0s").containsEntry("leakGracePeriod", "not-a-duration");
        assertThat(GoDuration.fieldsOf("IPPool")).isEqualTo(Set.of());
    }
}
