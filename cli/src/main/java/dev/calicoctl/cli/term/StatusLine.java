package dev.calicoctl.cli.term;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

import java.io.IOException;
import java.util.List;

/**
 * The one place progress touches JLine: a status line at the bottom of the terminal on stderr
 * (JLine's {@link Status} keeps it there while stdout scrolls above it). Loaded only when a
 * {@link Progress} has lasted long enough to be shown.
 */
final class StatusLine {
    /** JLine reports trouble (no infocmp entry, say) through java.util.logging: not on the user's stderr. Held so the level sticks. */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private final Terminal terminal;
    private final Status status;
    private final Thread cleanup;

    private StatusLine(Terminal terminal, Status status) {
        this.terminal = terminal;
        this.status = status;
        // Ctrl-C ends the JVM through its shutdown hooks: give the terminal its scroll region back
        this.cleanup = new Thread(this::release, "progress-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** The status line, or null when stderr is no terminal JLine can draw on. */
    static StatusLine open() {
        JLINE_LOG.setLevel(java.util.logging.Level.OFF);
        try {
            Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .signalHandler(Terminal.SignalHandler.SIG_DFL).nativeSignals(false).build();
            if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
                t.close();
                return null;
            }
            Status s = Status.getStatus(t);
            return s == null ? null : new StatusLine(t, s);
        } catch (IOException | RuntimeException e) {
            return null; // progress is a courtesy: never fail the command for it
        }
    }

    void show(String text) {
        int width = Math.max(10, terminal.getWidth() - 1);
        String line = text.length() > width ? text.substring(0, width) : text;
        status.update(List.of(new AttributedString(line, AttributedStyle.DEFAULT.inverse())));
        terminal.flush();
    }

    void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void release() {
        try {
            status.update(List.of());
            status.close();
            terminal.flush();
            terminal.close();
        } catch (IOException | RuntimeException ignored) {
            // the terminal is going away anyway
        }
    }
}
