package dev.calicoctl.cli;

/** CALICOCTL_TRACE=1: prints where start-up and run time go, on stderr. Costs nothing when off. */
public final class Trace {
    private static final boolean ON = System.getenv("CALICOCTL_TRACE") != null;
    private static final long T0 = System.nanoTime();

    private Trace() {}

    public static void mark(String what) {
        if (ON) System.err.printf("[trace] %6.1f ms  %s%n", (System.nanoTime() - T0) / 1e6, what);
    }
}
