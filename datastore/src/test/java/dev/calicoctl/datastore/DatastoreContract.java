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
    }

    @Test
    void createThenGetReturnsValueAndRevision() {
        Datastore ds = open();
        KeyValue kv = ds.create("/calico/test/a", "{\"x\":1}");
        assertThat(kv.revision()).isPositive();
        assertThat(ds.get("/calico/test/a")).contains(new KeyValue("/calico/test/a", "{\"x\":1}", kv.revision()));
    }

    @Test
    void createOfExistingKeyFails() {
        Datastore ds = open();
        ds.create("/calico/test/a", "1");
        assertThatThrownBy(() -> ds.create("/calico/test/a", "2")).isInstanceOf(DatastoreException.AlreadyExists.class);
        assertThat(ds.get("/calico/test/a").orElseThrow().value()).isEqualTo("1");
    }

    @Test
    void updateIsCompareAndSwap() {
        Datastore ds = open();
        KeyValue v1 = ds.create("/calico/test/a", "1");
        KeyValue v2 = ds.update("/calico/test/a", "2", v1.revision());
        assertThat(v2.revision()).isGreaterThan(v1.revision());
        assertThatThrownBy(() -> ds.update("/calico/test/a", "3", v1.revision())).isInstanceOf(DatastoreException.Conflict.class);
        assertThat(ds.get("/calico/test/a").orElseThrow().value()).isEqualTo("2");
        assertThatThrownBy(() -> ds.update("/calico/test/missing", "3", v1.revision())).isInstanceOf(DatastoreException.NotFound.class);
    }

    @Test
    void deleteChecksRevision() {
        Datastore ds = open();
        KeyValue v1 = ds.create("/calico/test/a", "1");
        KeyValue v2 = ds.update("/calico/test/a", "2", v1.revision());
        assertThatThrownBy(() -> ds.delete("/calico/test/a", v1.revision())).isInstanceOf(DatastoreException.Conflict.class);
        ds.delete("/calico/test/a", v2.revision());
        assertThat(ds.get("/calico/test/a")).isEmpty();
        assertThatThrownBy(() -> ds.delete("/calico/test/a", 0)).isInstanceOf(DatastoreException.NotFound.class);
        ds.create("/calico/test/b", "1");
        ds.delete("/calico/test/b", 0);
        assertThat(ds.get("/calico/test/b")).isEmpty();
    }

    @Test
    void revisionsGrowAcrossKeys() {
        Datastore ds = open();
        long a = ds.create("/calico/test/a", "1").revision();
        long b = ds.create("/calico/test/b", "1").revision();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void listByPrefixIsOrderedAndExact() {
        Datastore ds = open();
        ds.create("/calico/ipam/v2/handle/h2", "2");
        ds.create("/calico/ipam/v2/handle/h1", "1");
        ds.create("/calico/ipam/v2/handlex", "x");
        ds.create("/calico/ipam/v2/config", "c");
        List<KeyValue> l = ds.list("/calico/ipam/v2/handle/");
        assertThat(l).extracting(KeyValue::key).containsExactly("/calico/ipam/v2/handle/h1", "/calico/ipam/v2/handle/h2");
        assertThat(ds.list("/calico/nothing/")).isEmpty();
    }

    @Test
    void writesOfOneClientAreSeenByAnother() {
        Datastore a = open(), b = open();
        KeyValue kv = a.create("/calico/test/shared", "1");
        assertThat(b.get("/calico/test/shared")).contains(kv);
        b.update("/calico/test/shared", "2", kv.revision());
        assertThat(a.get("/calico/test/shared").orElseThrow().value()).isEqualTo("2");
    }

    @Test
    void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
        open().create("/calico/test/counter", "0");
        int clients = 4, increments = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            conflicts.add(pool.submit(() -> {
                Datastore ds = open();
                int lost = 0;
                for (int i = 0; i < increments; ) {
                    KeyValue cur = ds.get("/calico/test/counter").orElseThrow();
                    try {
                        ds.update("/calico/test/counter", Integer.toString(Integer.parseInt(cur.value()) + 1), cur.revision());
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
        assertThat(open().get("/calico/test/counter").orElseThrow().value()).isEqualTo(Integer.toString(clients * increments));
    }

    @Test
    void createAllIsAllOrNothing() {
        Datastore ds = open();
        java.util.Map<String, String> batch = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 500; i++) batch.put("/calico/test/bulk/" + i, "{\"i\":" + i + "}");
        ds.createAll(batch);
        assertThat(ds.list("/calico/test/bulk/")).hasSize(500);
        java.util.Map<String, String> clash = new java.util.LinkedHashMap<>();
        clash.put("/calico/test/other/new", "1");
        clash.put("/calico/test/bulk/7", "2");
        assertThatThrownBy(() -> ds.createAll(clash)).isInstanceOf(DatastoreException.AlreadyExists.class);
        assertThat(ds.get("/calico/test/other/new")).isEmpty();
        assertThat(ds.get("/calico/test/bulk/7").orElseThrow().value()).isEqualTo("{\"i\":7}");
    }

    @Test
    void batchReadsAnswerEachRead() {
        Datastore ds = open();
        ds.create("/calico/test/r/a", "1");
        ds.create("/calico/test/r/b", "2");
        ds.create("/calico/test/s", "3");
        var out = ds.read(List.of(Datastore.Read.prefix("/calico/test/r/"), Datastore.Read.key("/calico/test/s"), Datastore.Read.key("/calico/test/none")));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).extracting(KeyValue::value).containsExactly("1", "2");
        assertThat(out.get(1)).extracting(KeyValue::value).containsExactly("3");
        assertThat(out.get(2)).isEmpty();
    }

    @Test
    void commitIsAllOrNothing() {
        Datastore ds = open();
        KeyValue a = ds.create("/calico/test/c/a", "1");
        long rev = ds.commit(List.of(new Datastore.Write("/calico/test/c/a", "2", a.revision()), new Datastore.Write("/calico/test/c/b", "new", 0)));
        assertThat(ds.get("/calico/test/c/a").orElseThrow()).isEqualTo(new KeyValue("/calico/test/c/a", "2", rev));
        assertThat(ds.get("/calico/test/c/b").orElseThrow().value()).isEqualTo("new");
        // a stale revision anywhere: nothing changes
        assertThatThrownBy(() -> ds.commit(List.of(new Datastore.Write("/calico/test/c/b", null, ds.get("/calico/test/c/b").orElseThrow().revision()),
                new Datastore.Write("/calico/test/c/a", "3", a.revision())))).isInstanceOf(DatastoreException.Conflict.class);
        assertThat(ds.get("/calico/test/c/b")).isPresent();
        assertThat(ds.get("/calico/test/c/a").orElseThrow().value()).isEqualTo("2");
        // create of an existing key fails the batch
        assertThatThrownBy(() -> ds.commit(List.of(new Datastore.Write("/calico/test/c/a", "x", 0)))).isInstanceOf(DatastoreException.Conflict.class);
        ds.commit(List.of(new Datastore.Write("/calico/test/c/b", null, ds.get("/calico/test/c/b").orElseThrow().revision())));
        assertThat(ds.get("/calico/test/c/b")).isEmpty();
    }

    @Test
    void largeValuesRoundTrip() {
        Datastore ds = open();
        String big = "{\"v\":\"" + "x".repeat(1_000_000) + "\"}";
        ds.create("/calico/test/big", big);
        assertThat(ds.get("/calico/test/big").orElseThrow().value()).isEqualTo(big);
    }
}
