package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.etcd.EtcdDatastore.TxnAnswer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.datastore.etcd.EtcdRequests.*;

/**
 * {@link EtcdDatastore#createAll}: a bulk create in as few transactions as etcd takes, undone on a
 * clash or a failure (what is left in each case is what {@code Datastore#createAll} says).
 */
final class EtcdBulkCreate {
    private final EtcdDatastore etcd;

    EtcdBulkCreate(EtcdDatastore etcd) { this.etcd = etcd; }

    /** Payload bytes (keys, twice, and values) per bulk transaction: well inside etcd's default --max-request-bytes of 1.5 MiB. */
    static final int TXN_BYTES = 1 << 20;

    /** The keys of one bulk transaction that went through, and the revision it wrote them at. */
    private record Chunk(List<String> keys, long revision) {}

    /**
     * One transaction when the entries fit in one (128 keys, 1 MiB); otherwise one per chunk, each
     * checking its own keys absent. When a later chunk finds a key present (or etcd fails), the
     * chunks already written are deleted again, each key only while it still holds what this call
     * wrote; so a refused bulk load leaves nothing behind, though other clients may glimpse part of
     * it meanwhile, and a process killed half-way leaves the chunks it wrote (Datastore#createAll).
     */
    void createAll(Map<String, String> entries) {
        List<Chunk> written = new ArrayList<>();
        List<Map.Entry<String, String>> chunk = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            long size = 2L * e.getKey().length() + e.getValue().length();
            if (!chunk.isEmpty() && (chunk.size() == EtcdDatastore.MAX_TXN_OPS || bytes + size > TXN_BYTES)) {
                written.add(createChunk(chunk, written, entries.size()));
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(e);
            bytes += size;
        }
        if (!chunk.isEmpty()) createChunk(chunk, written, entries.size());
    }

    private Chunk createChunk(List<Map.Entry<String, String>> chunk, List<Chunk> before, int total) {
        List<Object> cmp = new ArrayList<>(), ops = new ArrayList<>(), probes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> e : chunk) {
            keys.add(e.getKey());
            cmp.add(absent(e.getKey()));
            ops.add(put(e.getKey(), e.getValue()));
            probes.add(countOp(e.getKey())); // on failure: which keys are there
        }
        TxnAnswer r;
        try {
            r = etcd.txn(cmp, ops, probes);
        } catch (DatastoreException e) {
            // etcd refuses a request too large before applying it; any other failure (a timeout, a
            // connection lost after sending) may come after etcd applied this chunk: take it back too
            boolean refused = e instanceof DatastoreException.TooLarge;
            int unsure = refused ? 0 : undoUncertain(chunk);
            if (before.isEmpty() && refused) throw e;
            List<String> what = new ArrayList<>();
            if (!before.isEmpty()) {
                int left = undo(before);
                what.add(left == 0 ? "the " + written(before) + " keys written before were deleted again"
                        : left + " of the " + written(before) + " keys written before could not be deleted again");
            }
            if (!refused) what.add(unsure == 0 ? "none of the " + chunk.size() + " keys of the failed request remain"
                    : unsure + " of the " + chunk.size() + " keys of the failed request may have been written");
            String message = e.getMessage() + " (bulk create of " + total + " keys: " + String.join("; ", what) + ")";
            if (refused) throw new DatastoreException.TooLarge(message);
            if (e instanceof DatastoreException.Unavailable) throw new DatastoreException.Unavailable(message, e);
            throw e;
        }
        if (r.succeeded()) return new Chunk(keys, r.revision());
        String clash = "";
        for (int i = 0; i < keys.size(); i++) {
            if (r.found(i)) { clash = " (" + keys.get(i) + ")"; break; }
        }
        int left = undo(before);
        if (left == 0) throw new DatastoreException.AlreadyExists("some keys already exist" + clash + "; nothing was written");
        throw new DatastoreException.AlreadyExists("some keys already exist" + clash + "; " + left + " of the " + written(before)
                + " keys written before could not be deleted again: another client changed them meanwhile");
    }

    private static int written(List<Chunk> chunks) {
        int n = 0;
        for (Chunk c : chunks) n += c.keys().size();
        return n;
    }

    /**
     * After a chunk's request failed without an answer: deletes each of its keys that holds the
     * value the chunk wrote (so was written by it); returns how many keys could not be checked.
     */
    private int undoUncertain(List<Map.Entry<String, String>> chunk) {
        List<Object> cmp = new ArrayList<>(), ops = new ArrayList<>();
        for (Map.Entry<String, String> e : chunk) {
            cmp.add(valueIs(e.getKey(), e.getValue()));
            ops.add(deleteOp(e.getKey()));
        }
        try {
            // one request while etcd may still be unwell (one timeout, not one per key)
            if (etcd.txn(cmp, ops, List.of()).succeeded()) return 0;
            for (Map.Entry<String, String> e : chunk) { // not all there as written: key by key
                etcd.txn(List.of(valueIs(e.getKey(), e.getValue())), List.of(deleteOp(e.getKey())), List.of());
            }
            return 0;
        } catch (DatastoreException unreachable) {
            return chunk.size();
        }
    }

    /**
     * Deletes what earlier chunks of a bulk create wrote, newest first, each key only while it is
     * still at the revision written; returns how many keys could not be deleted.
     */
    private int undo(List<Chunk> chunks) {
        int left = 0;
        for (int c = chunks.size() - 1; c >= 0; c--) {
            Chunk chunk = chunks.get(c);
            List<Object> cmp = new ArrayList<>(), ops = new ArrayList<>();
            for (String k : chunk.keys()) {
                cmp.add(modIs(k, chunk.revision()));
                ops.add(deleteOp(k));
            }
            try {
                if (etcd.txn(cmp, ops, List.of()).succeeded()) continue;
                for (String k : chunk.keys()) { // someone changed one of them: delete the others one by one
                    if (!etcd.txn(List.of(modIs(k, chunk.revision())), List.of(deleteOp(k)), List.of()).succeeded()) left++;
                }
            } catch (DatastoreException e) {
                left += chunk.keys().size();
            }
        }
        return left;
    }
}
