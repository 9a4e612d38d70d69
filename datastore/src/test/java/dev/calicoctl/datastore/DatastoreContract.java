package dev.calicoctl.datastore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every Datastore backend must have. A backend's test extends this and says
 * how to open a fresh connection to one (per-test) store; later backends reuse it unchanged.
 */
public abstract class DatastoreContract {
    private final List<Datastore> opened = new ArrayList<>();

    /**
     * Keys and values are real IPAM handles, so that every backend can hold them (the kubernetes
     * datastore maps keys onto Calico's custom resources and has no place for made-up keys).
     */
    protected static String key(String name) { return Keys.HANDLES + name; }

    /** A handle value counting {@code n} addresses, exactly as the engine writes it. */
    protected static String value(int n) { return "{\"block\":{\"10.0.0.0/26\":" + n + "},\"deleted\":false}"; }

    /** The count a {@link #value(int)} holds. */
    protected static int count(String value) {
        String tail = value.substring(value.indexOf("/26\":") + 5);
        return Integer.parseInt(tail.substring(0, tail.indexOf('}')));
    }

    /** A new connection to this test's store (each call may return a new client of the same store). */
    protected abstract Datastore connect();

    protected Datastore open() {
        Datastore d = connect();
        synchronized (opened) { opened.add(d); }
        return d;
    }

    @AfterEach
    void closeAll() {
        for (Datastore d : opened) d.close();
    }

    @Test
    void getOfMissingKeyIsEmpty() {
        assertThat(open().get("/calico/resources/v3/projectcalico.org/ippools/none")).isEmpty();
        assertThat(open().get(key("none"))).isEmpty();
    }

    @Test
    void createThenGetReturnsValueAndRevision() {
        Datastore ds = open();
        KeyValue kv = ds.create(key("a"), value(1));
        assertThat(kv.revision()).isPositive();
        assertThat(ds.get(key("a"))).contains(new KeyValue(key("a"), value(1), kv.revision()));
    }

    @Test
    void createOfExistingKeyFails() {
        Datastore ds = open();
        ds.create(key("a"), value(1));
        assertThatThrownBy(() -> ds.create(key("a"), value(2))).isInstanceOf(DatastoreException.AlreadyExists.class);
        assertThat(ds.get(key("a")).orElseThrow().value()).isEqualTo(value(1));
    }

    @Test
    void updateIsCompareAndSwap() {
        Datastore ds = open();
        KeyValue v1 = ds.create(key("a"), value(1));
        KeyValue v2 = ds.update(key("a"), value(2), v1.revision());
        assertThat(v2.revision()).isGreaterThan(v1.revision());
        assertThatThrownBy(() -> ds.update(key("a"), value(3), v1.revision())).isInstanceOf(DatastoreException.Conflict.class);
        assertThat(ds.get(key("a")).orElseThrow().value()).isEqualTo(value(2));
        assertThatThrownBy(() -> ds.update(key("missing"), value(3), v1.revision())).isInstanceOf(DatastoreException.NotFound.class);
    }

    @Test
    void deleteChecksRevision() {
        Datastore ds = open();
        KeyValue v1 = ds.create(key("a"), value(1));
        KeyValue v2 = ds.update(key("a"), value(2), v1.revision());
        assertThatThrownBy(() -> ds.delete(key("a"), v1.revision())).isInstanceOf(DatastoreException.Conflict.class);
        assertThat(ds.get(key("a")).orElseThrow().value()).isEqualTo(value(2));
        ds.delete(key("a"), v2.revision());
        assertThat(ds.get(key("a"))).isEmpty();
        assertThatThrownBy(() -> ds.delete(key("a"), 0)).isInstanceOf(DatastoreException.NotFound.class);
        ds.create(key("b"), value(1));
        ds.delete(key("b"), 0);
        assertThat(ds.get(key("b"))).isEmpty();
    }

    @Test
    void revisionsGrowAcrossKeys() {
        Datastore ds = open();
        long a = ds.create(key("a"), value(1)).revision();
        long b = ds.create(key("b"), value(1)).revision();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void listByPrefixIsOrderedAndExact() {
        Datastore ds = open();
        ds.create(key("h2"), value(2));
        ds.create(key("h1"), value(1));
        ds.create(Keys.IPAM_CONFIG, "{\"strict_affinity\":true,\"auto_allocate_blocks\":true}");
        List<KeyValue> l = ds.list(Keys.HANDLES);
        assertThat(l).extracting(KeyValue::key).containsExactly(key("h1"), key("h2"));
        assertThat(ds.list(key("h1"))).extracting(KeyValue::key).containsExactly(key("h1"));
        assertThat(ds.list(Keys.IPAM)).extracting(KeyValue::key).containsExactly(Keys.IPAM_CONFIG, key("h1"), key("h2"));
        assertThat(ds.list(Keys.RESOURCES + "ippools/")).isEmpty();
    }

    @Test
    void writesOfOneClientAreSeenByAnother() {
        Datastore a = open(), b = open();
        KeyValue kv = a.create(key("shared"), value(1));
        assertThat(b.get(key("shared"))).contains(kv);
        b.update(key("shared"), value(2), kv.revision());
        assertThat(a.get(key("shared")).orElseThrow().value()).isEqualTo(value(2));
    }

    @Test
    void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
        open().create(key("counter"), value(0));
        int clients = 4, increments = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            conflicts.add(pool.submit(() -> {
                Datastore ds = open();
                int lost = 0;
                for (int i = 0; i < increments; ) {
                    KeyValue cur = ds.get(key("counter")).orElseThrow();
                    try {
                        ds.update(key("counter"), value(count(cur.value()) + 1), cur.revision());
                        i++;
                    } catch (DatastoreException.Conflict e) {
                        lost++;
                    }
                }
                return lost;
            }));
        }
        for (Future<Integer> f : conflicts) f.get(120, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(open().get(key("counter")).orElseThrow().value()).isEqualTo(value(clients * increments));
    }

    @Test
    void createAllIsAllOrNothing() {
        Datastore ds = open();
        java.util.Map<String, String> batch = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) batch.put(key("bulk-" + i), value(i));
        ds.createAll(batch);
        assertThat(ds.list(key("bulk-"))).hasSize(300);
        java.util.Map<String, String> clash = new java.util.LinkedHashMap<>();
        clash.put(key("other-new"), value(1));
        clash.put(key("bulk-7"), value(2));
        assertThatThrownBy(() -> ds.createAll(clash)).isInstanceOf(DatastoreException.AlreadyExists.class);
        assertThat(ds.get(key("other-new"))).isEmpty();
        assertThat(ds.get(key("bulk-7")).orElseThrow().value()).isEqualTo(value(7));
    }

    /** More keys than one etcd transaction holds (its default --max-txn-ops is 128). */
    protected static final int MANY = 300;

    /** MANY handles, in key order: bulk-000 … bulk-299, handle value i. */
    protected static java.util.Map<String, String> many() {
        java.util.Map<String, String> batch = new java.util.LinkedHashMap<>();
        for (int i = 0; i < MANY; i++) batch.put(key(String.format("bulk-%03d", i)), value(i));
        return batch;
    }

    @Test
    void createAllBeyondOneTransactionLeavesNothingWhenALaterKeyExists() {
        Datastore ds = open();
        // a key in the second chunk of 128 and one in the third already exist
        KeyValue second = ds.create(key("bulk-200"), value(7000));
        KeyValue third = ds.create(key("bulk-299"), value(9000));
        assertThatThrownBy(() -> ds.createAll(many())).isInstanceOf(DatastoreException.AlreadyExists.class)
                .hasMessageContaining("nothing was written");
        // what is left is what was there before: none of the batch, the two keys untouched
        assertThat(ds.list(key("bulk-"))).containsExactly(second, third);
    }

    @Test
    void createAllBeyondOneTransactionWritesEveryKey() {
        Datastore ds = open();
        ds.createAll(many());
        List<KeyValue> listed = ds.list(key("bulk-"));
        assertThat(listed).extracting(KeyValue::key).containsExactlyElementsOf(many().keySet());
        assertThat(listed).extracting(KeyValue::value).containsExactlyElementsOf(many().values());
    }

    @Test
    void batchReadsBeyondOneTransactionAnswerEachRead() {
        Datastore ds = open();
        ds.createAll(many());
        List<Datastore.Read> reads = new ArrayList<>();
        for (String k : many().keySet()) reads.add(Datastore.Read.key(k));
        reads.add(Datastore.Read.key(key("none")));
        reads.add(Datastore.Read.prefix(key("bulk-")));
        List<List<KeyValue>> out = ds.read(reads);
        assertThat(out).hasSize(MANY + 2);
        for (int i = 0; i < MANY; i++) assertThat(out.get(i)).extracting(KeyValue::value).containsExactly(value(i));
        assertThat(out.get(MANY)).isEmpty();
        assertThat(out.get(MANY + 1)).hasSize(MANY);
        assertThat(ds.listing(key("bulk-")).items()).isEqualTo(out.get(MANY + 1));
    }

    /**
     * A commit of more writes than the backend takes in one step is refused whole, before
     * anything is written; up to that many it is all-or-nothing (with atomic commits).
     */
    @Test
    void commitBeyondOneTransactionIsWholeOrRefusedWhole() {
        Datastore ds = open();
        List<Datastore.Write> writes = new ArrayList<>();
        for (java.util.Map.Entry<String, String> e : many().entrySet()) writes.add(new Datastore.Write(e.getKey(), e.getValue(), 0));
        int max = ds.maxCommitWrites();
        if (max >= MANY) {
            long rev = ds.commit(writes);
            List<KeyValue> listed = ds.list(key("bulk-"));
            assertThat(listed).hasSize(MANY);
            if (ds.atomicCommits()) assertThat(listed).allSatisfy(kv -> assertThat(kv.revision()).isEqualTo(rev));
            // a stale revision in the last write: with atomic commits, none of the other updates lands
            List<Datastore.Write> updates = new ArrayList<>();
            for (KeyValue kv : listed) updates.add(new Datastore.Write(kv.key(), value(1), kv.revision()));
            updates.set(MANY - 1, new Datastore.Write(listed.get(MANY - 1).key(), value(1), 0));
            assertThatThrownBy(() -> ds.commit(updates)).isInstanceOf(DatastoreException.Conflict.class);
            if (ds.atomicCommits()) assertThat(ds.list(key("bulk-"))).isEqualTo(listed);
        } else {
            assertThatThrownBy(() -> ds.commit(writes)).isInstanceOf(DatastoreException.TooLarge.class).hasMessageContaining("nothing was written");
            assertThat(ds.list(key("bulk-"))).isEmpty();
            // the most it takes is one atomic step: all written at one revision, or none on a conflict
            List<Datastore.Write> most = writes.subList(0, max);
            ds.create(most.get(max - 1).key(), value(1));
            assertThatThrownBy(() -> ds.commit(most)).isInstanceOf(DatastoreException.Conflict.class);
            assertThat(ds.list(key("bulk-"))).hasSize(1);
            ds.delete(most.get(max - 1).key(), 0);
            long rev = ds.commit(most);
            assertThat(ds.list(key("bulk-"))).hasSize(max).allSatisfy(kv -> assertThat(kv.revision()).isEqualTo(rev));
        }
    }

    @Test
    void batchReadsAnswerEachRead() {
        Datastore ds = open();
        ds.create(key("r-a"), value(1));
        ds.create(key("r-b"), value(2));
        ds.create(key("s"), value(3));
        var out = ds.read(List.of(Datastore.Read.prefix(key("r-")), Datastore.Read.key(key("s")), Datastore.Read.key(key("none"))));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).extracting(KeyValue::value).containsExactly(value(1), value(2));
        assertThat(out.get(1)).extracting(KeyValue::value).containsExactly(value(3));
        assertThat(out.get(2)).isEmpty();
    }

    @Test
    void commitWritesEveryKeyWhenNothingChanged() {
        Datastore ds = open();
        KeyValue a = ds.create(key("c-a"), value(1));
        long rev = ds.commit(List.of(new Datastore.Write(key("c-a"), value(2), a.revision()), new Datastore.Write(key("c-b"), value(9), 0)));
        assertThat(ds.get(key("c-b")).orElseThrow()).isEqualTo(new KeyValue(key("c-b"), value(9), rev));
        assertThat(ds.get(key("c-a")).orElseThrow().value()).isEqualTo(value(2));
        // create of an existing key is a conflict
        assertThatThrownBy(() -> ds.commit(List.of(new Datastore.Write(key("c-a"), value(5), 0)))).isInstanceOf(DatastoreException.Conflict.class);
        ds.commit(List.of(new Datastore.Write(key("c-b"), null, ds.get(key("c-b")).orElseThrow().revision())));
        assertThat(ds.get(key("c-b"))).isEmpty();
    }

    /**
     * A stale revision anywhere in a commit: with atomic commits nothing changes; without, the
     * writes before the stale one stay and none after it is made (Datastore#commit).
     */
    @Test
    void commitWithAStaleRevisionFollowsTheDeclaredCapability() {
        Datastore ds = open();
        KeyValue a = ds.create(key("c-a"), value(1));
        KeyValue b = ds.create(key("c-b"), value(1));
        KeyValue bNow = ds.update(key("c-b"), value(2), b.revision());
        assertThatThrownBy(() -> ds.commit(List.of(new Datastore.Write(key("c-a"), value(7), a.revision()),
                new Datastore.Write(key("c-b"), value(7), b.revision()), new Datastore.Write(key("c-c"), value(7), 0))))
                .isInstanceOf(DatastoreException.Conflict.class);
        assertThat(ds.get(key("c-b")).orElseThrow()).isEqualTo(bNow);
        assertThat(ds.get(key("c-c"))).isEmpty();
        assertThat(ds.get(key("c-a")).orElseThrow().value()).isEqualTo(ds.atomicCommits() ? value(1) : value(7));
    }

    @Test
    void largeValuesRoundTrip() {
        Datastore ds = open();
        java.util.TreeMap<String, Object> blocks = new java.util.TreeMap<>();
        for (int i = 0; i < 40_000; i++) blocks.put("10." + (i / 256) + "." + (i % 256) + ".0/26", 1L);
        java.util.Map<String, Object> handle = new java.util.LinkedHashMap<>();
        handle.put("block", blocks);
        handle.put("deleted", false);
        String big = dev.calicoctl.model.Json.write(handle);
        assertThat(big.length()).isGreaterThan(500_000);
        ds.create(key("big"), big);
        assertThat(ds.get(key("big")).orElseThrow().value()).isEqualTo(big);
    }
}
