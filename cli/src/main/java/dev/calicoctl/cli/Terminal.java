package dev.calicoctl.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's own stderr is a terminal (Java 17's System.console() looks at stdin/stdout). */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal(Io io) {
        if (io.err() != System.err) return false; // in-process runs capture stderr
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false; // no /proc: say nothing rather than guess
        }
    }
}
