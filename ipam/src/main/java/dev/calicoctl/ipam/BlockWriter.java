package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a block together with the handle counts its change moves. Where the backend commits several
 * keys atomically (local, etcd) the block and its handles go in one commit, so nothing is half
 * written; the one exception is a release touching more handles than one commit takes (etcd: 128
 * writes), which commits the block with the handles that fit and lowers the rest afterwards (a crash
 * between leaves only an over-count). Where it cannot (kubernetes), libcalico-go's order: an
 * assignment counts the handle first,
 * then writes the block, and takes the count back when the block write loses; a release writes the
 * block first, then lowers the handles. Either way a handle never counts fewer addresses than the
 * blocks hold, so a crash between the two leaves an over-count that `ipam check` reports and
 * `ipam release --from-report` repairs. Every write is a compare-and-swap on what was read; a loss
 * throws for {@link Retry} to run the caller's attempt again.
 */
final class BlockWriter {
    private final IpamStore store;
    private final Retry retry;

    BlockWriter(IpamStore store, Retry retry) {
        this.store = store;
        this.retry = retry;
    }

    /**
     * Writes a block that now holds {@code added} more addresses of handle {@code h} (as read; a new
     * handle has revision 0), with the handle's count raised to match.
     */
    void assigned(AllocationBlock b, Handle h, int added) {
        h.blocks.merge(b.cidr.toString(), added, Integer::sum);
        b.sequenceNumber++;
        if (store.atomicCommits()) {
            store.commit(List.of(store.handleWrite(h), store.blockWrite(b)));
            return;
        }
        store.writeHandle(h);
        try {
            store.updateBlock(b);
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            decrementHandle(h.id, b.cidr, added);
            throw e;
        }
    }

    /**
     * Writes a block whose addresses were released (in memory), {@code released} counting them per
     * handle; an empty block is deleted with its host's affinity instead.
     */
    void released(AllocationBlock b, Map<String, Integer> released, boolean deleteBlock) {
        if (!store.atomicCommits()) {
            if (deleteBlock) deleteEmptyBlock(b);
            else store.updateBlock(b);
            for (Map.Entry<String, Integer> e : released.entrySet()) decrementHandle(e.getKey(), b.cidr, e.getValue());
            return;
        }
        List<Datastore.Write> writes = new ArrayList<>();
        writes.add(deleteBlock ? store.blockDeletion(b) : store.blockWrite(b));
        if (deleteBlock && HostAffinity.isHost(b.affinity)) store.affinity(b.host(), b.cidr).ifPresent(a -> writes.add(store.affinityDeletion(a)));
        Map<String, Handle> handles = store.handles(released.keySet());
        List<Map.Entry<String, Integer>> beyondOneCommit = new ArrayList<>();
        for (Map.Entry<String, Integer> e : released.entrySet()) {
            Handle h = handles.get(e.getKey());
            if (h == null) continue;
            if (writes.size() < store.maxCommitWrites()) writes.add(store.handleWrite(lowered(h, b.cidr, e.getValue())));
            else beyondOneCommit.add(e);
        }
        store.commit(writes);
        // more handles than one commit takes (etcd: 128 writes): the rest after the block, in upstream's order
        for (Map.Entry<String, Integer> e : beyondOneCommit) decrementHandle(e.getKey(), b.cidr, e.getValue());
    }

    /** Lowers a handle's count for a block by {@code n} (a block it no longer counts is dropped). */
    private static Handle lowered(Handle h, Cidr block, int n) {
        int left = h.blocks.getOrDefault(block.toString(), 0) - n;
        if (left > 0) h.blocks.put(block.toString(), left);
        else h.blocks.remove(block.toString());
        return h;
    }

    /** Lowers a handle's count for a block, deleting the handle when it counts nothing more; retried on conflicts. */
    void decrementHandle(String handleId, Cidr block, int n) {
        retry.until(attempt -> {
            Optional<Handle> cur = store.handle(handleId);
            cur.ifPresent(h -> store.writeHandle(lowered(h, block, n)));
            return null;
        });
    }

    /**
     * Deletes an empty block and its affinity one key at a time, as upstream does: the affinity is
     * marked pendingDeletion, the block deleted (compare-and-swap), then the affinity deleted. When
     * the block changed meanwhile the affinity is put back to confirmed and the failure rethrown.
     */
    void deleteEmptyBlock(AllocationBlock b) {
        String host = HostAffinity.isHost(b.affinity) ? b.host() : null;
        if (host != null) store.affinity(host, b.cidr).ifPresent(a -> retry.once(() -> store.updateAffinity(a, AffinityState.PENDING_DELETION)));
        try {
            store.deleteBlock(b);
        } catch (DatastoreException e) {
            if (host != null) store.affinity(host, b.cidr).ifPresent(a -> retry.once(() -> store.updateAffinity(a, AffinityState.CONFIRMED)));
            throw e;
        }
        if (host != null) store.affinity(host, b.cidr).ifPresent(a -> retry.once(() -> store.deleteAffinity(host, b.cidr, a.revision())));
    }
}
