package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreContract;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Datastore contract against a real etcd, plus what only etcd has (endpoints, paging). */
class EtcdDatastoreTest extends DatastoreContract {
    static EtcdServer etcd;

    @BeforeAll static void startEtcd() throws Exception { etcd = EtcdServer.start(); }

    @AfterAll static void stopEtcd() throws Exception { if (etcd != null) etcd.close(); }

    static DatastoreConfig config(List<String> endpoints) {
        return new DatastoreConfig(DatastoreConfig.ETCDV3, null, endpoints, null, null, null, null, null, null);
    }

    @BeforeEach void wipe() {
        // each test starts from an empty keyspace
        Datastore d = EtcdDatastore.open(config(List.of(etcd.endpoint)));
        for (var kv : d.list("/")) d.delete(kv.key(), 0);
    }

    @Override protected Datastore connect() {
        return EtcdDatastore.open(config(List.of(etcd.endpoint)));
    }

    @Test
    void largePrefixesAreReadPageByPage() {
        Datastore d = open();
        Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < EtcdDatastore.PAGE * 2 + 17; i++) many.put(String.format("/calico/test/page/%06d", i), "{}");
        d.createAll(many);
        var listed = d.list("/calico/test/page/");
        assertThat(listed).hasSize(many.size());
        assertThat(listed.get(listed.size() - 1).key()).isEqualTo(String.format("/calico/test/page/%06d", many.size() - 1));
    }

    /**
     * A batch of more reads than one transaction holds is read in several, pinned to the first
     * one's revision: a commit landing between them is not seen, in part or at all.
     */
    @Test
    void aBatchReadInSeveralTransactionsIsOneSnapshot() {
        EtcdDatastore reader = (EtcdDatastore) open();
        Datastore writer = open();
        reader.createAll(many());
        List<Datastore.Read> reads = new java.util.ArrayList<>();
        for (String k : many().keySet()) reads.add(Datastore.Read.key(k));
        KeyValue first = writer.get(key("bulk-010")).orElseThrow(), later = writer.get(key("bulk-200")).orElseThrow();
        java.util.concurrent.atomic.AtomicInteger txns = new java.util.concurrent.atomic.AtomicInteger();
        reader.afterEachRequest(() -> {
            if (txns.incrementAndGet() == 1) {
                writer.commit(List.of(new Datastore.Write(first.key(), value(1000), first.revision()), new Datastore.Write(later.key(), value(1000), later.revision())));
            }
        });
        List<List<KeyValue>> out = reader.read(reads);
        assertThat(txns).hasValue(3);
        assertThat(out.get(10)).containsExactly(first);
        assertThat(out.get(200)).containsExactly(later);
        assertThat(reader.get(later.key()).orElseThrow().value()).isEqualTo(value(1000));
    }

    /**
     * A bulk create beyond one transaction whose later chunk finds a key present deletes its
     * earlier chunks again, except a key another client changed meanwhile, and says so.
     */
    @Test
    void aBulkCreateLeavesWhatAnotherClientChangedMeanwhile() {
        EtcdDatastore ds = (EtcdDatastore) open();
        Datastore other = open();
        KeyValue there = other.create(key("bulk-200"), value(7000));
        java.util.concurrent.atomic.AtomicInteger txns = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<KeyValue> changed = new java.util.concurrent.atomic.AtomicReference<>();
        ds.afterEachRequest(() -> {
            if (txns.incrementAndGet() == 1) { // the first chunk (bulk-000 … bulk-127) is written
                KeyValue mine = other.get(key("bulk-005")).orElseThrow();
                changed.set(other.update(mine.key(), value(5000), mine.revision()));
            }
        });
        assertThatThrownBy(() -> ds.createAll(many())).isInstanceOf(DatastoreException.AlreadyExists.class)
                .hasMessage("some keys already exist (" + key("bulk-200") + "); 1 of the 128 keys written before could not be deleted again:"
                        + " another client changed them meanwhile");
        assertThat(ds.list(key("bulk-"))).containsExactly(changed.get(), there);
    }

    /**
     * etcd failing between two chunks of a bulk create: the error says what was left, and after
     * a restart the first chunk is there (undo needs etcd too), as a process killed mid-way leaves it.
     */
    @Test
    void aBulkCreateInterruptedByEtcdSaysWhatIsLeft() throws Exception {
        EtcdDatastore ds = (EtcdDatastore) open();
        java.util.concurrent.atomic.AtomicInteger txns = new java.util.concurrent.atomic.AtomicInteger();
        ds.afterEachRequest(() -> {
            if (txns.incrementAndGet() == 1) {
                try { etcd.stop(false); } catch (InterruptedException e) { throw new IllegalStateException(e); }
            }
        });
        try {
            assertThatThrownBy(() -> ds.createAll(many())).isInstanceOf(DatastoreException.Unavailable.class)
                    .hasMessageStartingWith("cannot reach etcd at " + etcd.endpoint + ": connection refused")
                    .hasMessageEndingWith("(bulk create of 300 keys: 128 of the 128 keys written before could not be deleted again;"
                            + " 128 of the 128 keys of the failed request may have been written)");
        } finally {
            etcd.restart();
        }
        assertThat(open().list(key("bulk-"))).hasSize(128);
    }

    /**
     * A chunk whose answer is lost after etcd applied it (a timeout, a dropped connection) is taken
     * back with the chunks before it: keys holding what the bulk create wrote are deleted, and the
     * message says none remain.
     */
    @Test
    void aBulkCreateWhoseAnswerIsLostTakesBackThatChunkToo() {
        EtcdDatastore ds = (EtcdDatastore) open();
        java.util.concurrent.atomic.AtomicInteger txns = new java.util.concurrent.atomic.AtomicInteger();
        ds.afterEachRequest(() -> {
            // the second chunk is applied by etcd, then its answer is lost
            if (txns.incrementAndGet() == 2) throw new DatastoreException.Unavailable("etcd at test: no answer within 10s");
        });
        assertThatThrownBy(() -> ds.createAll(many())).isInstanceOf(DatastoreException.Unavailable.class)
                .hasMessage("etcd at test: no answer within 10s (bulk create of 300 keys: the 128 keys written before were deleted again;"
                        + " none of the 128 keys of the failed request remain)");
        assertThat(open().list(key("bulk-"))).isEmpty();
    }

    /** etcd's compaction, as Calico's controllers run it: every key's history before {@code revision} dropped. */
    static void compact(long revision) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(etcd.endpoint + "/v3/kv/compaction"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + revision + "\",\"physical\":true}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /**
     * A read pinned to a revision that etcd compacts between two of its requests starts again:
     * a batch read and a paged listing both answer the newer snapshot whole.
     */
    @Test
    void aReadWhoseRevisionIsCompactedMidwayStartsAgain() {
        EtcdDatastore ds = (EtcdDatastore) open();
        Datastore writer = open();
        ds.createAll(many());
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        for (int i = 0; i < EtcdDatastore.PAGE + 5; i++) pages.put(String.format("/calico/test/page/%06d", i), "{}");
        ds.createAll(pages);
        List<Datastore.Read> reads = new java.util.ArrayList<>();
        for (String k : many().keySet()) reads.add(Datastore.Read.key(k));
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        Runnable writeThenCompact = () -> {
            if (requests.incrementAndGet() != 1) return;
            KeyValue last = writer.get(key("bulk-299")).orElseThrow();
            long rev = writer.update(last.key(), value(1), last.revision()).revision();
            try { compact(rev); } catch (Exception e) { throw new IllegalStateException(e); }
        };
        ds.afterEachRequest(writeThenCompact);
        List<List<KeyValue>> out = ds.read(reads);
        assertThat(requests.get()).isEqualTo(4); // the first of three, then all three again
        assertThat(out.get(MANY - 1).get(0).value()).isEqualTo(value(1));
        assertThat(out.get(0).get(0).value()).isEqualTo(value(0));

        requests.set(0);
        Datastore.Listing listing = ds.listing("/calico/test/page/");
        assertThat(requests.get()).isEqualTo(3); // the first page, then both again
        assertThat(listing.items()).hasSize(pages.size());
        assertThat(listing.revision()).isEqualTo(writer.get(key("bulk-299")).orElseThrow().revision());
    }

    /** The bound of one commit is refused by us, whole, before etcd sees it; a server set lower is named. */
    @Test
    void aServerWithFewerTransactionOpsIsAClearError() throws Exception {
        try (EtcdServer small = EtcdServer.start(List.of("--max-txn-ops", "16"))) {
            Datastore d = EtcdDatastore.open(config(List.of(small.endpoint)));
            Map<String, String> batch = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 20; i++) batch.put(key("small-" + i), value(i));
            assertThatThrownBy(() -> d.createAll(batch)).isInstanceOf(DatastoreException.TooLarge.class)
                    .hasMessage("etcd refused a transaction of 20 operations: its --max-txn-ops is lower than 128 (etcd's default); nothing was written");
            assertThat(d.list(key("small-"))).isEmpty();
        }
    }

    @Test
    void aValueLargerThanEtcdTakesIsAClearError() {
        Datastore d = open();
        for (int kib : new int[]{1800, 3000}) { // etcd's own limit, and its gRPC server's beyond 2 MiB
            String big = "{\"x\":\"" + "a".repeat(kib << 10) + "\"}";
            assertThatThrownBy(() -> d.create(key("huge"), big)).isInstanceOf(DatastoreException.TooLarge.class)
                    .hasMessage("etcd refused a transaction of " + kib + " KiB: more than its --max-request-bytes (1.5 MiB by default); nothing was written");
            assertThat(d.get(key("huge"))).isEmpty();
        }
    }

    @Test
    void failsOverToTheNextEndpoint() throws Exception {
        int dead = EtcdServer.freePort();
        Datastore d = EtcdDatastore.open(config(List.of("http://127.0.0.1:" + dead, etcd.endpoint)));
        d.create("/calico/test/failover", "1");
        assertThat(d.get("/calico/test/failover")).isPresent();
    }

    @Test
    void unreachableEtcdIsAClearErrorNamingTheEndpoints() throws Exception {
        int a = EtcdServer.freePort(), b = EtcdServer.freePort();
        Datastore d = EtcdDatastore.open(config(List.of("http://127.0.0.1:" + a, "http://127.0.0.1:" + b)));
        assertThatThrownBy(() -> d.get("/calico/x")).isInstanceOf(DatastoreException.Unavailable.class)
                .hasMessage("cannot reach etcd at http://127.0.0.1:" + a + ",http://127.0.0.1:" + b + ": connection refused");
    }

    @Test
    void prefixEndIsTheNextKey() {
        assertThat(new String(java.util.Base64.getDecoder().decode(EtcdDatastore.prefixEnd("/calico/ipam/v2/handle/")))).isEqualTo("/calico/ipam/v2/handle0");
    }
}
