package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user sees when calicoctl itself fails: one line, never a Java class name unless debugging. */
class FailureReportTest {
    private static String report(Throwable t, boolean debug) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Main.reportFailure(t, new PrintStream(b, true, StandardCharsets.UTF_8), debug);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unexpectedFailuresNameNoClass() {
        assertThat(report(new NullPointerException(), false)).isEqualTo("internal error\n");
        assertThat(report(new IllegalStateException("block 10.0.0.0/26 changed twice\nsecond line"), false))
                .isEqualTo("unexpected error: block 10.0.0.0/26 changed twice\n");
        assertThat(report(new UnsupportedOperationException(" "), false)).isEqualTo("internal error\n");
    }

    @Test
    void debugAddsTheClassAndStack() {
        assertThat(report(new NullPointerException(), true)).startsWith("internal error\njava.lang.NullPointerException\n\tat ");
    }
}
