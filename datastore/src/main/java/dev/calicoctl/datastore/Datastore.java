package dev.calicoctl.datastore;

import java.util.List;
import java.util.Optional;

/**
 * Keyed JSON values with revisions and compare-and-swap, laid out as Calico lays them out in
 * etcd. Every backend (local, etcdv3, kubernetes) implements exactly this and passes the
 * same contract tests; nothing above this interface knows which backend it talks to.
 * Implementations are safe for use by several threads at once.
 */
public interface Datastore extends AutoCloseable {
    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix}, in key order, as of one moment (however many pages it is read in). */
    List<KeyValue> list(String prefix);

    /** A prefix listing and the store revision it was read at (what a List's resourceVersion shows). */
    record Listing(List<KeyValue> items, long revision) {}

    /**
     * {@link #list} with the store's revision at the time of the read. Backends that know their
     * revision override this; the fallback is the newest revision among the items.
     */
    default Listing listing(String prefix) {
        List<KeyValue> items = list(prefix);
        long rev = 0;
        for (KeyValue kv : items) rev = Math.max(rev, kv.revision());
        return new Listing(items, rev);
    }

    /** Creates the key; {@link DatastoreException.AlreadyExists} when it exists. */
    KeyValue create(String key, String value);

    /**
     * Replaces the value only if the key's revision is still {@code revision};
     * {@link DatastoreException.Conflict} when it changed, {@link DatastoreException.NotFound} when it is gone.
     */
    KeyValue update(String key, String value, long revision);

    /**
     * Creates many keys (bulk loads, imports); {@link DatastoreException.AlreadyExists} and nothing
     * left written when any key exists. In one atomic step on local (one SQLite transaction) and on
     * etcd while the entries fit in one etcd transaction (128 keys, 1 MiB). Beyond that etcd writes
     * chunk by chunk, and when a later chunk finds a key present, or etcd fails, it deletes the
     * chunks it wrote again (each key only while still as written): other clients may see part of
     * the batch until then, and a process killed half-way leaves the chunks written so far. The
     * kubernetes datastore checks every key first, creates them one by one and deletes them again
     * on a failure, with the same two caveats. (`datastore migrate import` writes into an empty,
     * locked datastore, where neither matters.)
     */
    void createAll(java.util.Map<String, String> entries);

    /**
     * Deletes the key if its revision is {@code revision} (0: whatever it is);
     * {@link DatastoreException.Conflict} when it changed, {@link DatastoreException.NotFound} when it is gone.
     */
    void delete(String key, long revision);

    /** One read of a batch: a single key, or every key under a prefix. */
    record Read(String key, boolean prefix) {
        public static Read key(String key) { return new Read(key, false); }
        public static Read prefix(String prefix) { return new Read(prefix, true); }
    }

    /**
     * Several reads; result i answers read i (empty when a key is absent). Local and etcd read the
     * batch as one snapshot (one SQLite read transaction; one etcd transaction, or several pinned
     * to the first one's revision when the batch has more than 128 reads), in one round trip where
     * it fits. The kubernetes datastore sends the reads side by side: each is consistent on its
     * own, the batch is not one snapshot (the engine needs no more: every write it makes is a
     * compare-and-swap on what it read).
     */
    default List<List<KeyValue>> read(List<Read> reads) {
        List<List<KeyValue>> out = new java.util.ArrayList<>();
        for (Read r : reads) out.add(r.prefix() ? list(r.key()) : get(r.key()).map(List::of).orElse(List.of()));
        return out;
    }

    /**
     * One write of an atomic batch: {@code value} null deletes; {@code revision} 0 means the key
     * must not exist yet, otherwise it must still be at that revision.
     */
    record Write(String key, String value, long revision) {}

    /**
     * With {@link #atomicCommits()}: applies every write or none, in one round trip;
     * {@link DatastoreException.Conflict} when any key is not as expected. Returns the new revision
     * of the written keys. More than {@link #maxCommitWrites()} writes are refused whole with
     * {@link DatastoreException.TooLarge}, before anything is written.
     * <p>Without atomic commits (kubernetes): applies the writes one by one, in the order given, each
     * a compare-and-swap of its own, and stops at the first that fails with
     * {@link DatastoreException.Conflict}; the writes before it stay written (the engine never
     * relies on this: it writes in upstream's order and undoes by itself). Returns the revision of
     * the last create or update (0 when every write was a delete).
     */
    long commit(List<Write> writes);

    /**
     * Whether {@link #commit} writes several keys all-or-nothing (local: one SQLite transaction;
     * etcdv3: one etcd transaction, hence at most {@link #maxCommitWrites()} writes). Kubernetes
     * has no multi-object transactions: false, and the IPAM engine then writes in libcalico-go's
     * order (handle, then block, handle undone when the block write loses).
     */
    default boolean atomicCommits() { return true; }

    /**
     * The most writes one {@link #commit} takes: etcd 128 (one transaction, etcd's default
     * --max-txn-ops), unbounded on local and kubernetes. A caller with more splits them where a
     * partial result is safe.
     */
    default int maxCommitWrites() { return Integer.MAX_VALUE; }

    /**
     * Pods, namespaces and services, where the backend is an orchestrator's API (kubernetes);
     * empty for the others.
     */
    default java.util.Optional<Orchestrator> orchestrator() { return java.util.Optional.empty(); }

    /** A short description for messages, e.g. "local datastore /path/datastore.db". */
    String describe();

    @Override void close();
}
