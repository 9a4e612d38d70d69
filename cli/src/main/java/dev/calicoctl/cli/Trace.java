package dev.calicoctl.cli;

/**
 * CALICOCTL_TRACE=1: prints where start-up and run time go, on stderr. Costs nothing when off.
 * Formats by hand: a first printf initialises java.util.Formatter and the locale's number symbols
 * (tens of milliseconds at start-up), which would show up as time spent in the program.
 */
public final class Trace {
    private static final boolean ON = System.getenv("CALICOCTL_TRACE") != null;
    private static final long T0 = System.nanoTime();

    private Trace() {}

    public static void mark(String what) {
        if (!ON) return;
        long tenths = (System.nanoTime() - T0) / 100_000;
        String ms = (tenths / 10) + "." + (tenths % 10);
        StringBuilder line = new StringBuilder("[trace] ");
        for (int i = ms.length(); i < 6; i++) line.append(' ');
        line.append(ms).append(" ms  ").append(what).append(" [").append(Thread.currentThread().getName()).append(']');
        System.err.println(line);
    }
}
