package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** completions/ and man/ are generated from the command model; this fails when they fall behind it. */
class GeneratedDocsTest {
    @Test
    void committedCompletionsAndManPagesMatchTheCommands() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, String> generated = GenerateDocs.generate(root);
        assertThat(generated).containsKeys("completions/calicoctl.bash", "man/calicoctl.1", "man/calicoctl-get.1", "man/calicoctl-ipam-check.1");
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path p = root.resolve(e.getKey());
            assertThat(p).as(e.getKey() + " is missing: run src/gen-docs.sh").exists();
            assertThat(Files.readString(p)).as(e.getKey() + " is out of date: run src/gen-docs.sh").isEqualTo(e.getValue());
        }
        assertThat(generated.get("completions/calicoctl.bash")).contains("ipam").contains("--show-blocks");
        assertThat(generated.get("man/calicoctl-ipam-show.1")).contains(".SH OPTIONS").contains("\\-\\-show\\-blocks");
    }
}
