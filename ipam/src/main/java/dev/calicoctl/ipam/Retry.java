package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * libcalico-go's {@code for range datastoreRetries} loop, written once: run an attempt (read, change,
 * compare-and-swap); when it loses a race, count the conflict and run it again on fresh reads; give
 * up after {@link #ATTEMPTS} losses. An attempt loses by letting a compare-and-swap's
 * {@link DatastoreException.Conflict}, {@link DatastoreException.AlreadyExists} or
 * {@link DatastoreException.NotFound} out, or by throwing {@link #again()} itself.
 */
final class Retry {
    /** Upstream's datastoreRetries. */
    static final int ATTEMPTS = 100;
    static final String EXHAUSTED = "Max retries hit - excessive concurrent IPAM requests";

    /** Thrown by an attempt that lost a race. Carries no stack trace: it is control flow, never shown. */
    static final class LostRace extends RuntimeException {
        private LostRace() { super("lost a race; retrying", null, false, false); }
    }

    private static final LostRace AGAIN = new LostRace();

    /** What an attempt throws to be run again. */
    static LostRace again() { return AGAIN; }

    /**
     * One attempt. {@code attempt} counts from 0, so the first may use what the caller read already
     * (a listing, a block in hand) and later ones read afresh.
     */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt);
    }

    private final AtomicLong conflicts;
    private final boolean datastoreLosses;

    /** @param conflicts counts every lost attempt (the engine's {@link Stats#conflicts}) */
    Retry(AtomicLong conflicts) { this(conflicts, true); }

    private Retry(AtomicLong conflicts, boolean datastoreLosses) {
        this.conflicts = conflicts;
        this.datastoreLosses = datastoreLosses;
    }

    /**
     * A retry that runs an attempt again only when it throws {@link #again()}, for loops over other
     * stores whose exceptions mean something else (a resource's NotFound may be final); losses uncounted.
     */
    static Retry onlyWhenToldAgain() { return new Retry(new AtomicLong(), false); }

    /** The attempt's result once it does not lose; {@link IpamException} "Max retries hit" after ATTEMPTS losses. */
    <T> T until(Attempt<T> attempt) { return until(attempt, EXHAUSTED); }

    /** {@link #until(Attempt)}, worded for the caller when every attempt lost. */
    <T> T until(Attempt<T> attempt, String exhausted) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return attempt.run(i);
            } catch (LostRace e) {
                conflicts.incrementAndGet();
            } catch (DatastoreException.Conflict | DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
                if (!datastoreLosses) throw e;
                conflicts.incrementAndGet();
            }
        }
        throw new Exhausted(exhausted);
    }

    /** Every attempt lost its race ({@link #bestEffort} gives up on this alone, never on another failure). */
    static final class Exhausted extends IpamException {
        Exhausted(String message) { super(message); }
    }

    /** For a step a later reader finishes if this one cannot (confirming an affinity): false when every attempt lost. */
    boolean bestEffort(Attempt<?> attempt) {
        try {
            until(attempt);
            return true;
        } catch (Exhausted e) {
            return false;
        }
    }

    /**
     * One write whose loss is acceptable (a stale affinity's cleanup: a later reader cleans up):
     * false, and the conflict counted, when it failed.
     */
    boolean once(Runnable write) {
        try {
            write.run();
            return true;
        } catch (DatastoreException e) {
            conflicts.incrementAndGet();
            return false;
        }
    }

    /**
     * One write that may lose a race (someone else changed or removed the key: false, counted), but
     * whose failure to reach the datastore is the caller's to report, not to hide.
     */
    boolean onceUnlessDown(Runnable write) {
        try {
            write.run();
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            conflicts.incrementAndGet();
            return false;
        }
    }
}
