package dev.calicoctl.cli;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingTest {
    @Test
    void netconfIsValidJsonWhateverTheLockPath() {
        Path odd = Path.of("/tmp/a \"quoted\" dir\\x/ipam.lock");
        Map<String, Object> conf = Json.parseObject(Training.trainingNetconf(odd));
        assertThat(conf.get("ipam_lock_file")).isEqualTo(odd.toString());
        assertThat(conf.get("ipam")).isEqualTo(Map.of("type", "calico-ipam", "ipv4_pools", java.util.List.of("training-a")));
    }
}
