package dev.calicoctl.cli.term;

import dev.calicoctl.cli.Io;

import java.nio.file.Path;

/**
 * What the process's streams are attached to, without loading JLine: the launcher tests its file
 * descriptors with bash's {@code [ -t N ]} and passes the answer in {@code CALICOCTL_TTY} (the digits
 * of the descriptors that are terminals, e.g. "012"); run without the launcher, stdin and stdout
 * count as terminals when {@link System#console()} exists and stderr never does.
 */
public final class Term {
    private Term() {}

    public static final String TTY_ENV = "CALICOCTL_TTY";

    private static boolean isTty(Io io, char fd) {
        String v = io.env().get(TTY_ENV);
        if (v != null) return v.indexOf(fd) >= 0;
        return fd != '2' && System.console() != null && io.out() == System.out;
    }

    public static boolean stdinIsTerminal(Io io) { return isTty(io, '0'); }

    public static boolean stdoutIsTerminal(Io io) { return isTty(io, '1'); }

    public static boolean stderrIsTerminal(Io io) { return isTty(io, '2'); }

    /** Colour and box-drawing glyphs: stdout on a terminal that is not dumb, and NO_COLOR unset or empty (no-color.org). */
    public static boolean colour(Io io) {
        if (io.env("NO_COLOR") != null) return false;
        if ("dumb".equals(io.env("TERM"))) return false;
        return stdoutIsTerminal(io);
    }

    /** ${XDG_STATE_HOME:-$HOME/.local/state}/calicoctl: the shell's history and the audit log. */
    public static Path stateDir(Io io) {
        String xdg = io.env("XDG_STATE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, "calicoctl");
        String home = io.env("HOME");
        if (home == null) home = System.getProperty("user.home");
        return Path.of(home, ".local", "state", "calicoctl");
    }
}
