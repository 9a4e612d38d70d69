package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a release writes: on a backend with atomic commits (the local store) each block and the
 * handles it touches in one commit, so a commit that loses or a process that dies leaves nothing
 * half written; without them (as kubernetes) upstream's order, block then handles, so a crash in
 * between leaves only a handle over-count that `ipam check` reports and a repair fixes.
 */
class ReleaseCommitTest {
    @TempDir Path dir;
    Datastore local;
    RecordingDatastore ds;
    IpamFixture f;

    void open(boolean atomic) {
        local = LocalDatastore.open(dir.resolve("ipam.db"));
        ds = new RecordingDatastore(local, atomic);
        f = new IpamFixture(ds);
        f.pool("p", "10.0.0.0/24", "  blockSize: 29\n");
    }

    @AfterEach void close() { if (f != null) f.close(); }

    static String blockKey(IpAddress a) { return Keys.block(new Cidr(a, 29).masked()); }

    String value(String key) { return local.get(key).map(KeyValue::value).orElse(null); }

    /** Another writer rewrites a key as it is (its revision moves on), as a concurrent client's write would. */
    void touch(String key) {
        KeyValue kv = local.get(key).orElseThrow();
        local.update(key, kv.value(), kv.revision());
    }

    @Test
    void aReleaseCommitsItsBlockAndEveryHandleItTouchesTogether() {
        open(true);
        List<IpAddress> one = f.assign("n1", "h1", 2);
        IpAddress other = f.assign("n1", "h2", 1).get(0);
        ds.take();
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(one.get(0), null, null), new Ipam.ReleaseOptions(other, null, null)))).isEmpty();
        assertThat(ds.take()).containsExactly("commit " + blockKey(other) + " " + Keys.handle("h1") + " -" + Keys.handle("h2"));
        assertThat(f.ipam.handle("h1").orElseThrow().blocks()).containsExactly(Map.entry(new Cidr(other, 29).masked().toString(), 1));
        assertThat(f.ipam.handle("h2")).isEmpty();
        f.assertConsistent();
    }

    @Test
    void releasingABlocksLastAddressDeletesBlockAffinityAndHandleInOneCommit() {
        open(true);
        IpAddress a = f.assign("n1", "h1", 1).get(0);
        ds.take();
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(a, "h1", null)));
        assertThat(ds.take()).containsExactly("commit -" + blockKey(a) + " -" + Keys.affinity("n1", new Cidr(a, 29).masked()) + " -" + Keys.handle("h1"));
        assertThat(local.list(Keys.IPAM)).isEmpty();
    }

    @Test
    void handlesBeyondOneCommitAreLoweredAfterTheBlockIsWritten() {
        open(true);
        ds.maxCommitWrites = 3;
        List<IpAddress> got = new ArrayList<>();
        for (int i = 1; i <= 4; i++) got.add(f.assign("n1", "h" + i, 1).get(0));
        ds.take();
        List<Ipam.ReleaseOptions> opts = new ArrayList<>();
        for (IpAddress a : got.subList(0, 3)) opts.add(new Ipam.ReleaseOptions(a, null, null));
        assertThat(f.ipam.releaseIps(opts)).isEmpty();
        assertThat(ds.take()).containsExactly("commit " + blockKey(got.get(0)) + " -" + Keys.handle("h1") + " -" + Keys.handle("h2"),
                "delete " + Keys.handle("h3"));
        assertThat(f.ipam.handles()).extracting(Handle::id).containsExactly("h4");
        f.assertConsistent();
    }

    @Test
    void aCommitThatLosesHalfWayWritesNothingAndIsRetriedOnFreshReads() {
        open(true);
        List<IpAddress> got = f.assign("n1", "h1", 2);
        String block = blockKey(got.get(0)), handle = Keys.handle("h1");
        String blockBefore = value(block), handleBefore = value(handle);
        List<String> seenAtRetry = new ArrayList<>();
        ds.beforeWrite = w -> {
            if (!w.startsWith("commit")) return;
            // the block write (first in the commit) would pass; the handle write (last) loses
            if (ds.writes.isEmpty()) touch(handle);
            else { seenAtRetry.add(value(block)); seenAtRetry.add(value(handle)); }
        };
        ds.take();
        long conflicts = f.ipam.stats().conflicts.get();
        assertThat(f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(0), "h1", null)))).isEmpty();
        assertThat(seenAtRetry).as("after the lost commit, before the retry").containsExactly(blockBefore, handleBefore);
        assertThat(ds.take()).hasSize(2).allMatch(w -> w.equals("commit " + block + " " + handle));
        assertThat(f.ipam.stats().conflicts.get() - conflicts).isEqualTo(1);
        assertThat(f.ipam.handle("h1").orElseThrow().total()).isEqualTo(1);
        assertThat(f.ipam.blockOf(got.get(0)).orElseThrow().isAllocated(0)).isFalse();
        f.assertConsistent();
    }

    @Test
    void aReleaseWhoseCommitAlwaysLosesGivesUpAndLeavesEverythingAsItWas() {
        open(true);
        List<IpAddress> got = f.assign("n1", "h1", 2);
        String block = blockKey(got.get(0)), handle = Keys.handle("h1");
        String blockBefore = value(block), handleBefore = value(handle);
        ds.take();
        ds.beforeWrite = w -> { if (w.startsWith("commit")) touch(handle); };
        Ipam.ReleaseOutcome o = f.ipam.release(List.of(new Ipam.ReleaseOptions(got.get(0), "h1", null)));
        assertThat(o.errors()).containsExactly("Max retries hit - excessive concurrent IPAM requests");
        assertThat(o.released()).isEmpty();
        assertThat(ds.writes).hasSize(Retry.ATTEMPTS);
        assertThat(value(block)).isEqualTo(blockBefore);
        assertThat(value(handle)).isEqualTo(handleBefore);
        f.assertConsistent();
    }

    @Test
    void aProcessKilledAtTheReleaseCommitLeavesNothingHalfWritten() {
        open(true);
        List<IpAddress> got = f.assign("n1", "h1", 1);
        String block = blockKey(got.get(0));
        String blockBefore = value(block), handleBefore = value(Keys.handle("h1"));
        String affinityBefore = value(Keys.affinity("n1", new Cidr(got.get(0), 29).masked()));
        ds.beforeWrite = w -> { if (w.startsWith("commit")) throw new DatastoreException.Unavailable("killed"); };
        assertThatThrownBy(() -> f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(0), null, null)))).hasMessage("killed");
        assertThat(value(block)).isEqualTo(blockBefore);
        assertThat(value(Keys.handle("h1"))).isEqualTo(handleBefore);
        assertThat(value(Keys.affinity("n1", new Cidr(got.get(0), 29).masked()))).isEqualTo(affinityBefore);
        f.assertConsistent();
    }

    @Test
    void withoutAtomicCommitsAReleaseWritesTheBlockThenTheHandleOneKeyAtATime() {
        open(false);
        List<IpAddress> got = f.assign("n1", "h1", 2);
        String block = blockKey(got.get(0)), handle = Keys.handle("h1"), affinity = Keys.affinity("n1", new Cidr(got.get(0), 29).masked());
        ds.take();
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(0), "h1", null)));
        assertThat(ds.take()).containsExactly("update " + block, "update " + handle);
        f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(1), "h1", null)));
        assertThat(ds.take()).containsExactly("update " + affinity, "delete " + block, "delete " + affinity, "delete " + handle);
        assertThat(local.list(Keys.IPAM)).isEmpty();
    }

    @Test
    void withoutAtomicCommitsAKillBetweenBlockAndHandleLeavesAnOverCountThatCheckReportsAndARepairFixes() {
        open(false);
        List<IpAddress> got = f.assign("n1", "h1", 2);
        String block = new Cidr(got.get(0), 29).masked().toString();
        ds.beforeWrite = w -> { if (w.equals("update " + Keys.handle("h1"))) throw new DatastoreException.Unavailable("killed"); };
        assertThatThrownBy(() -> f.ipam.releaseIps(List.of(new Ipam.ReleaseOptions(got.get(0), "h1", null)))).hasMessage("killed");
        ds.beforeWrite = w -> { };
        assertThat(f.ipam.blockOf(got.get(0)).orElseThrow().isAllocated(0)).as("the block was written").isFalse();
        IpamCheck c = IpamCheck.run(f.ipam);
        assertThat(c.handleMismatches).singleElement().satisfies(m -> {
            assertThat(m.handle()).isEqualTo("h1");
            assertThat(m.block()).isEqualTo(block);
            assertThat(m.recorded()).isEqualTo(2);
            assertThat(m.actual()).isEqualTo(1);
        });
        assertThat(c.missingHandles).isEmpty();
        IpamCheck.HandleMismatch m = c.handleMismatches.get(0);
        assertThat(f.ipam.fixHandleCount(m.handle(), m.block(), m.actual(), m.revision())).isTrue();
        f.assertConsistent();
    }

    /** The last step of a release by handle (a count with no allocation behind it) does not hide a datastore that is down. */
    @Test
    void aReleaseByHandleWhoseFinalHandleDeleteCannotReachTheStoreSaysSo() {
        open(true);
        IpAddress ip = f.assign("n1", "h1", 1).get(0);
        KeyValue h = local.get(Keys.handle("h1")).orElseThrow();
        assertThat(h.value()).contains(":1}");
        local.update(h.key(), h.value().replace(":1}", ":3}"), h.revision()); // two more counted than allocated
        ds.beforeWrite = w -> {
            if (w.equals("delete " + Keys.handle("h1"))) throw new DatastoreException.Unavailable("cannot reach etcd at test: connection refused");
        };
        assertThatThrownBy(() -> f.ipam.releaseHandle("h1")).isInstanceOf(DatastoreException.Unavailable.class);
        assertThat(local.get(Keys.handle("h1"))).isPresent();
        assertThat(f.ipam.handle("h1").orElseThrow().blocks()).containsExactly(Map.entry(new Cidr(ip, 29).masked().toString(), 2));
    }
}
