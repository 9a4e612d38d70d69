package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Counts every round trip the engine makes (its own and those of the resource reads it needs). */
final class CountingDatastore implements Datastore {
    private final Datastore inner;
    private final Stats stats;

    CountingDatastore(Datastore inner, Stats stats) {
        this.inner = inner;
        this.stats = stats;
    }

    @Override public Optional<KeyValue> get(String key) { stats.reads.incrementAndGet(); return inner.get(key); }
    @Override public List<KeyValue> list(String prefix) { stats.reads.incrementAndGet(); return inner.list(prefix); }
    @Override public KeyValue create(String key, String value) { stats.writes.incrementAndGet(); return inner.create(key, value); }
    @Override public void createAll(Map<String, String> entries) { stats.writes.incrementAndGet(); inner.createAll(entries); }
    @Override public KeyValue update(String key, String value, long revision) { stats.writes.incrementAndGet(); return inner.update(key, value, revision); }
    @Override public void delete(String key, long revision) { stats.writes.incrementAndGet(); inner.delete(key, revision); }
    @Override public List<List<KeyValue>> read(List<Read> reads) { stats.reads.incrementAndGet(); return inner.read(reads); }
    @Override public Listing listing(String prefix) { stats.reads.incrementAndGet(); return inner.listing(prefix); }
    @Override public long commit(List<Write> writes) { stats.writes.incrementAndGet(); return inner.commit(writes); }
    @Override public boolean atomicCommits() { return inner.atomicCommits(); }
    @Override public int maxCommitWrites() { return inner.maxCommitWrites(); }
    @Override public Optional<dev.calicoctl.datastore.Orchestrator> orchestrator() { return inner.orchestrator(); }
    @Override public String describe() { return inner.describe(); }
    @Override public void close() { inner.close(); }
}
