package dev.calicoctl.cli.term;

import dev.calicoctl.cli.Io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of long work, on stderr, on a terminal only. A command opens one around work that may
 * take more than a second and reports steps (or just phases); nothing is drawn until the work has
 * lasted {@link #DELAY_MS} (CALICOCTL_PROGRESS_AFTER_MS overrides it), so quick runs never load
 * JLine, whose status line ({@link StatusLine}) does the drawing. Off a terminal it does nothing.
 */
public final class Progress implements AutoCloseable {
    public static final long DELAY_MS = 1000;

    private static final Progress NONE = new Progress(null, "", 0, Long.MAX_VALUE);

    private final Io io;
    private final long total;
    private final long delayMs;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile String label;
    private Object status; // a StatusLine once shown; typed Object so this class names no JLine type
    private Thread ticker;
    private boolean closed;

    private Progress(Io io, String label, long total, long delayMs) {
        this.io = io;
        this.label = label;
        this.total = total;
        this.delayMs = delayMs;
    }

    /** Progress over {@code total} steps (0 when unknown: elapsed time only), or a no-op off a terminal. */
    public static Progress start(Io io, String label, long total) {
        if (!Term.stderrIsTerminal(io) || "dumb".equals(io.env("TERM"))) return NONE;
        long delay = DELAY_MS;
        String v = io.env("CALICOCTL_PROGRESS_AFTER_MS");
        if (v != null) {
            try { delay = Long.parseLong(v); } catch (NumberFormatException ignored) { /* keep the default */ }
        }
        Progress p = new Progress(io, label, total, delay);
        if (delay <= 0) p.draw(0); // shown before the work starts (tests use this)
        p.ticker = new Thread(p::tick, "progress");
        p.ticker.setDaemon(true);
        p.ticker.start();
        return p;
    }

    public void step() { done.incrementAndGet(); }

    public void step(long n) { done.addAndGet(n); }

    /** What is being done now, e.g. "releasing 1200 addresses". */
    public void phase(String text) { this.label = text; }

    /**
     * Redraws four times a second once the delay has passed; the drawing itself is JLine's. Never
     * interrupted: JLine runs infocmp while it opens the terminal, and an interrupt would break that.
     */
    private void tick() {
        while (true) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (elapsed >= delayMs && !draw(elapsed)) return;
            synchronized (this) {
                if (closed) return;
                try {
                    wait(250);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) return;
            }
        }
    }

    /** Opens the status line on first use and shows the current text; false when it cannot be drawn. */
    private synchronized boolean draw(long elapsed) {
        if (closed) return false;
        if (status == null) status = StatusLine.open();
        if (status == null) return false; // not a terminal JLine can draw on
        ((StatusLine) status).show(text(elapsed));
        return true;
    }

    String text(long elapsedMs) {
        long n = done.get();
        String count = total > 0 ? "  " + n + "/" + total + " (" + (n * 100 / total) + "%)" : n > 0 ? "  " + n : "";
        return label + count + "  " + elapsedMs / 1000 + "s";
    }

    @Override public void close() {
        if (ticker == null) return;
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            ticker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (status != null) ((StatusLine) status).close();
            status = null;
        }
    }
}
