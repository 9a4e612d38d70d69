package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real datastore with every write recorded in order ("commit k1 k2", "update k", "delete k",
 * "create k"), optionally claiming no atomic commits (as kubernetes), and a hook that runs just
 * before a write goes through (to let another writer in, or to fail it as a crash would).
 */
final class RecordingDatastore implements Datastore {
    private final Datastore inner;
    private final boolean atomic;
    final List<String> writes = new ArrayList<>();
    /** What {@link #maxCommitWrites()} answers (etcd's 128 made small). */
    int maxCommitWrites = Integer.MAX_VALUE;
    /** Called with the write's record before it is applied; may write elsewhere or throw. */
    Consumer<String> beforeWrite = w -> { };

    RecordingDatastore(Datastore inner, boolean atomic) {
        this.inner = inner;
        this.atomic = atomic;
    }

    private void write(String what) {
        beforeWrite.accept(what);
        writes.add(what);
    }

    /** The writes recorded since the last call, and forget them. */
    List<String> take() {
        List<String> out = List.copyOf(writes);
        writes.clear();
        return out;
    }

    @Override public Optional<KeyValue> get(String key) { return inner.get(key); }
    @Override public List<KeyValue> list(String prefix) { return inner.list(prefix); }
    @Override public List<List<KeyValue>> read(List<Read> reads) { return inner.read(reads); }
    @Override public KeyValue create(String key, String value) { write("create " + key); return inner.create(key, value); }
    @Override public KeyValue update(String key, String value, long revision) { write("update " + key); return inner.update(key, value, revision); }
    @Override public void delete(String key, long revision) { write("delete " + key); inner.delete(key, revision); }
    @Override public void createAll(Map<String, String> entries) { write("createAll"); inner.createAll(entries); }

    @Override public long commit(List<Write> ws) {
        StringBuilder sb = new StringBuilder("commit");
        for (Write w : ws) sb.append(' ').append(w.value() == null ? "-" : "").append(w.key());
        write(sb.toString());
        if (ws.size() > maxCommitWrites) throw new dev.calicoctl.datastore.DatastoreException.TooLarge(ws.size() + " writes in one commit");
        return inner.commit(ws);
    }

    @Override public boolean atomicCommits() { return atomic; }
    @Override public int maxCommitWrites() { return maxCommitWrites; }
    @Override public String describe() { return "recording " + inner.describe(); }
    @Override public void close() { inner.close(); }
}
