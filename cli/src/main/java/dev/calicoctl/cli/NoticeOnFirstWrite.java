package dev.calicoctl.cli;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Orchestrator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A datastore that runs a notice once, before its first write: used to tell a terminal user that
 * a write went to the implicitly chosen embedded store. Reads, and every capability the wrapped
 * store declares (its listing revision, atomic commits, orchestrator), pass straight through.
 */
final class NoticeOnFirstWrite implements Datastore {
    private final Datastore inner;
    private Runnable notice;

    NoticeOnFirstWrite(Datastore inner, Runnable notice) {
        this.inner = inner;
        this.notice = notice;
    }

    private synchronized void writing() {
        if (notice != null) {
            Runnable n = notice;
            notice = null;
            n.run();
        }
    }

    @Override public Optional<KeyValue> get(String key) { return inner.get(key); }
    @Override public List<KeyValue> list(String prefix) { return inner.list(prefix); }
    @Override public Listing listing(String prefix) { return inner.listing(prefix); }
    @Override public List<List<KeyValue>> read(List<Read> reads) { return inner.read(reads); }
    @Override public KeyValue create(String key, String value) { writing(); return inner.create(key, value); }
    @Override public KeyValue update(String key, String value, long revision) { writing(); return inner.update(key, value, revision); }
    @Override public void createAll(Map<String, String> entries) { writing(); inner.createAll(entries); }
    @Override public void delete(String key, long revision) { writing(); inner.delete(key, revision); }
    @Override public long commit(List<Write> writes) { writing(); return inner.commit(writes); }
    @Override public boolean atomicCommits() { return inner.atomicCommits(); }
    @Override public int maxCommitWrites() { return inner.maxCommitWrites(); }
    @Override public Optional<Orchestrator> orchestrator() { return inner.orchestrator(); }
    @Override public String describe() { return inner.describe(); }
    @Override public void close() { inner.close(); }
}
