package dev.calicoctl.ipam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets and moves forward, so time rules are tested without waiting. */
final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant start) { this.now = start; }

    void set(Instant t) { now = t; }

    void advance(Duration d) { now = now.plus(d); }

    @Override public Instant instant() { return now; }
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("UTC only"); }
}
