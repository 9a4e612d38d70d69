package dev.calicoctl.cli;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Orchestrator;
import dev.calicoctl.datastore.local.LocalDatastore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The notice wrapper changes nothing about the store it wraps but announcing the first write. */
class NoticeOnFirstWriteTest {
    @TempDir Path dir;

    /** A real SQLite store that declares what only a kubernetes store declares: no atomic commits, an orchestrator. */
    private record KubeLike(LocalDatastore inner, Orchestrator orch) implements Datastore {
        @Override public Optional<KeyValue> get(String key) { return inner.get(key); }
        @Override public List<KeyValue> list(String prefix) { return inner.list(prefix); }
        @Override public Listing listing(String prefix) { return inner.listing(prefix); }
        @Override public KeyValue create(String key, String value) { return inner.create(key, value); }
        @Override public KeyValue update(String key, String value, long revision) { return inner.update(key, value, revision); }
        @Override public void createAll(Map<String, String> entries) { inner.createAll(entries); }
        @Override public void delete(String key, long revision) { inner.delete(key, revision); }
        @Override public long commit(List<Write> writes) { return inner.commit(writes); }
        @Override public boolean atomicCommits() { return false; }
        @Override public int maxCommitWrites() { return 7; }
        @Override public Optional<Orchestrator> orchestrator() { return Optional.of(orch); }
        @Override public String describe() { return inner.describe(); }
        @Override public void close() { inner.close(); }
    }

    private static final Orchestrator NO_PODS = new Orchestrator() {
        @Override public Optional<Meta> namespace(String name) { return Optional.of(new Meta(null, name, Map.of(), Map.of())); }
        @Override public Optional<Pod> pod(String namespace, String name) { return Optional.empty(); }
        @Override public List<Service> loadBalancerServices() { return List.of(); }
    };

    @Test
    void capabilitiesAndListingRevisionPassThrough() {
        AtomicInteger notices = new AtomicInteger();
        try (Datastore ds = new NoticeOnFirstWrite(new KubeLike(LocalDatastore.open(dir.resolve("d.db")), NO_PODS), notices::incrementAndGet)) {
            assertThat(ds.atomicCommits()).isFalse();
            assertThat(ds.maxCommitWrites()).isEqualTo(7);
            assertThat(ds.orchestrator()).containsSame(NO_PODS);
            ds.create("/a/1", "{}");
            long newest = ds.create("/b/1", "{}").revision();
            assertThat(notices).hasValue(1);
            // the store's own revision at the read, not the default's newest-item guess
            assertThat(ds.listing("/a/").revision()).isEqualTo(newest);
            assertThat(ds.listing("/a/").items()).extracting(KeyValue::key).containsExactly("/a/1");
        }
    }

    @Test
    void everyDefaultMethodOfDatastoreIsForwarded() throws Exception {
        for (Method m : Datastore.class.getMethods()) {
            if (!m.isDefault()) continue;
            assertThat(NoticeOnFirstWrite.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass())
                    .as("NoticeOnFirstWrite forwards %s", m.getName()).isEqualTo(NoticeOnFirstWrite.class);
        }
    }
}
