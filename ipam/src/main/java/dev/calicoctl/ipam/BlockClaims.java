package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpPool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a host comes to own blocks (libcalico-go's claimAffineBlock, findUsableBlock,
 * getBlockFromAffinity): a claim writes a pending affinity, creates the block, then confirms the
 * affinity, so a claim that stops half-way leaves an affinity the next request of that host
 * finishes. An empty block another host claimed more than {@link #EMPTY_BLOCK_RECLAIM_SECONDS} ago
 * may be taken over.
 */
final class BlockClaims {
    /** An empty block claimed longer ago than this may be taken over by another host (upstream EmptyBlockMinReclaimAge). */
    static final long EMPTY_BLOCK_RECLAIM_SECONDS = 60;

    private final IpamStore store;
    private final Retry retry;
    private final BlockWriter writer;
    private final Clock clock;

    BlockClaims(IpamStore store, Retry retry, BlockWriter writer, Clock clock) {
        this.store = store;
        this.retry = retry;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * The block behind one of this host's affinities ({@code listed}: as the request's listing read
     * it), finishing a half-done claim if needed; null when unusable.
     */
    AllocationBlock blockForAffinity(Ipam.Affinity listed, BlockRules rules) {
        String host = listed.host();
        Cidr cidr = listed.block();
        return retry.until(attempt -> {
            Optional<Ipam.Affinity> aff = attempt == 0 ? Optional.of(listed) : store.affinity(host, cidr);
            if (aff.isEmpty() || aff.get().state() == AffinityState.PENDING_DELETION) return null;
            Optional<AllocationBlock> stored = store.block(cidr);
            if (stored.isPresent()) {
                AllocationBlock b = rules.load(stored.get());
                if (b.affineTo(host)) {
                    if (aff.get().state() != AffinityState.CONFIRMED) confirm(host, cidr, aff.get());
                    return b;
                }
                // someone else owns the block: our affinity is stale
                retry.once(() -> store.deleteAffinity(host, cidr, aff.get().revision()));
                return null;
            }
            // an affinity without its block: a claim that stopped half-way; finish it
            AllocationBlock b = rules.newBlock(cidr, host);
            store.createBlock(b);
            confirm(host, cidr, null);
            return b;
        });
    }

    /** Marks an affinity confirmed ({@code known}: as just read, or null); a later request finishes it if this cannot. */
    void confirm(String host, Cidr block, Ipam.Affinity known) {
        retry.bestEffort(attempt -> {
            Ipam.Affinity cur = attempt == 0 && known != null ? known : store.affinity(host, block).orElse(null);
            if (cur != null && cur.state() != AffinityState.CONFIRMED) store.updateAffinity(cur, AffinityState.CONFIRMED);
            return null;
        });
    }

    /** What the search for a new block needs of each existing one. */
    private record BlockInfo(String affinity, int numFree, boolean empty, String claimTime, long revision) {
        static final BlockInfo FULL = new BlockInfo(null, 0, false, null, 0);
    }

    /** Claims a new block for the host: a pending affinity, the block, then the affinity confirmed; null when none is free. */
    AllocationBlock claimNewBlock(List<IpPool> pools, String host, int version, Reservations reservations, BlockRules rules) {
        return retry.until(attempt -> {
            Map<Cidr, BlockInfo> existing = new HashMap<>();
            for (StoredBlock s : store.listBlocks(version)) {
                if (s.full()) { // nothing to gain from it: skip the parse (1,024 full blocks cost ~0 this way)
                    existing.put(s.cidr(), BlockInfo.FULL);
                    continue;
                }
                AllocationBlock b = rules.load(s);
                existing.put(s.cidr(), new BlockInfo(b.affinity, b.numFree(reservations), b.empty(), b.affinityClaimTime, s.revision()));
            }
            Cidr subnet = null;
            List<Cidr> emptyOthers = new ArrayList<>();
            search:
            for (IpPool pool : pools) {
                BlockOrder order = new BlockOrder(pool.cidr(), pool.blockSize(), host);
                for (Cidr c = order.next(); c != null; c = order.next()) {
                    if (reservations.matchesWhole(c)) continue;
                    BlockInfo info = existing.get(c);
                    if (info == null) { subnet = c; break search; }
                    if (HostAffinity.of(host).equals(info.affinity()) && info.numFree() > 0) { subnet = c; break search; }
                    if (info.empty() && info.numFree() > 0) emptyOthers.add(c);
                }
            }
            if (subnet == null) {
                for (Cidr c : emptyOthers) {
                    BlockInfo info = existing.get(c);
                    if (!oldEnough(info.claimTime())) continue;
                    if (releaseEmptyBlock(c, info.revision())) { subnet = c; break; }
                }
            }
            if (subnet == null) return null;
            claimPending(host, subnet);
            AllocationBlock b = rules.newBlock(subnet, host);
            try {
                store.createBlock(b);
            } catch (dev.calicoctl.datastore.DatastoreException.AlreadyExists e) {
                Optional<AllocationBlock> cur = store.block(subnet);
                if (cur.isPresent()) {
                    AllocationBlock theirs = rules.load(cur.get());
                    if (theirs.affineTo(host)) {
                        confirm(host, subnet, null);
                        return theirs;
                    }
                }
                // lost the race for this block: drop our pending affinity and look again
                Cidr lost = subnet;
                store.affinity(host, lost).ifPresent(a -> retry.once(() -> store.deleteAffinity(host, lost, a.revision())));
                throw e;
            }
            confirm(host, subnet, null);
            return b;
        });
    }

    /** Writes the host's pending affinity for a block it is about to create (a leftover unconfirmed one is set back to pending). */
    void claimPending(String host, Cidr block) {
        try {
            store.createAffinity(host, block, AffinityState.PENDING);
        } catch (dev.calicoctl.datastore.DatastoreException.AlreadyExists e) {
            Optional<Ipam.Affinity> cur = store.affinity(host, block);
            if (cur.isPresent() && cur.get().state() != AffinityState.CONFIRMED) store.updateAffinity(cur.get(), AffinityState.PENDING);
        }
    }

    /** Whether an empty block claimed at {@code claimTime} may be taken over now. */
    boolean oldEnough(String claimTime) {
        if (claimTime == null) return true;
        try {
            return Instant.parse(claimTime).plusSeconds(EMPTY_BLOCK_RECLAIM_SECONDS).isBefore(clock.instant());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Deletes another host's empty block, if still at {@code revision} and empty; false when it changed. */
    private boolean releaseEmptyBlock(Cidr cidr, long revision) {
        Optional<AllocationBlock> cur = store.block(cidr);
        if (cur.isEmpty() || cur.get().revision != revision || !cur.get().empty()) return false;
        try {
            writer.deleteEmptyBlock(cur.get());
            return true;
        } catch (dev.calicoctl.datastore.DatastoreException e) {
            return false;
        }
    }
}
