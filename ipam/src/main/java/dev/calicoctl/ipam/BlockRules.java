package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * How blocks are treated within one request: the configured cooldown, applied to every block read
 * as upstream does on each load; the host's reservation in blocks it creates; and the clock both
 * go by.
 */
record BlockRules(int cooldownSeconds, HostReservation hostReservation, Clock clock) {
    /** The block with the cooldowns that are over collected (freed). */
    AllocationBlock load(AllocationBlock b) {
        b.garbageCollect(cooldownSeconds, clock.instant());
        return b;
    }

    AllocationBlock load(StoredBlock s) { return load(s.decode()); }

    /** A fresh block claimed by {@code host} now. */
    AllocationBlock newBlock(Cidr cidr, String host) {
        return AllocationBlock.create(cidr, HostAffinity.of(host), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                clock.millis() * 1_000_000L, hostReservation);
    }
}
