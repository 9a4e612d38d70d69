package dev.calicoctl.ipam;

import java.util.concurrent.atomic.AtomicLong;

/** Counts datastore round trips, so benchmarks can report what one assignment costs. */
public final class Stats {
    public final AtomicLong reads = new AtomicLong();
    public final AtomicLong writes = new AtomicLong();
    public final AtomicLong conflicts = new AtomicLong();

    public long roundTrips() { return reads.get() + writes.get(); }
}
