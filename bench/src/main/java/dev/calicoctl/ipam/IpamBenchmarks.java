package dev.calicoctl.ipam;

import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The IPAM engine on the local store: the figures issue 3 asks for. Run with bench/ipam.sh. */
public class IpamBenchmarks {

    static Path tempDir(String name) throws IOException { return Files.createTempDirectory("calicoctl-bench-" + name); }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }

    /** One node assigning one address at a time from a large pool (the steady state: its block has room). */
    @State(Scope.Benchmark)
    public static class AssignState {
        Path dir;
        LocalDatastore ds;
        Ipam ipam;
        long n;

        @Setup(Level.Trial) public void setup() throws IOException {
            dir = tempDir("assign");
            ds = LocalDatastore.open(dir.resolve("s.db"));
            SyntheticStore.pool(ds, "big", "10.0.0.0/8", 26);
            ipam = new Ipam(ds);
        }

        @TearDown(Level.Trial) public void tearDown() throws IOException {
            long ops = n;
            System.out.printf("%n[assign] %d assignments, %.1f datastore round trips each (%.1f reads, %.1f writes), %d CAS conflicts%n",
                    ops, ipam.stats().roundTrips() / (double) ops, ipam.stats().reads.get() / (double) ops,
                    ipam.stats().writes.get() / (double) ops, ipam.stats().conflicts.get());
            ds.close();
            delete(dir);
        }
    }

    @Benchmark @BenchmarkMode(Mode.Throughput) @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 3) @Measurement(iterations = 3, time = 5) @Fork(1)
    public Object autoAssignOne(AssignState s) {
        long i = s.n++;
        String node = "node-" + (i / 500); // 500 pods a node: eight /26 blocks each, under the 20-block cap
        return s.ipam.autoAssign(new AutoAssignRequest(node, "h-" + i, Map.of("node", node), 1, 0, List.of(), List.of(), null, null, null));
    }

    /** A first pool of 1,024 /26 blocks, every one full and claimed by other nodes; a second pool has room. */
    @State(Scope.Benchmark)
    public static class ExhaustedState {
        Path dir;
        LocalDatastore ds;
        Ipam ipam;
        int node;

        @Setup(Level.Trial) public void setup() throws IOException {
            dir = tempDir("exhausted");
            ds = LocalDatastore.open(dir.resolve("s.db"));
            SyntheticStore.pool(ds, "a-full", "10.0.0.0/16", 26);
            SyntheticStore.pool(ds, "b-room", "10.1.0.0/16", 26);
            SyntheticStore.fill(ds, Cidr.parse("10.0.0.0/16"), 26, 1024, 1024, true);
            ipam = new Ipam(ds);
        }

        @TearDown(Level.Trial) public void tearDown() throws IOException {
            ds.close();
            delete(dir);
        }
    }

    /** A new node's first address when the first pool is exhausted (projectcalico/calico#10551). */
    @Benchmark @BenchmarkMode(Mode.SingleShotTime) @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, batchSize = 1) @Measurement(iterations = 8, batchSize = 1) @Fork(1)
    public Object autoAssignWithFirstPoolExhausted(ExhaustedState s) {
        String node = "new-node-" + (s.node++);
        return s.ipam.autoAssign(new AutoAssignRequest(node, "h-" + node, Map.of("node", node), 1, 0, List.of(), List.of(), null, null, null));
    }

    /** 1,000,000 allocations: a /12 pool in /26 blocks (15,625 of them full) over 1,000 nodes, one handle per pod. */
    @State(Scope.Benchmark)
    public static class MillionState {
        Path dir;
        LocalDatastore ds;
        Ipam ipam;

        @Setup(Level.Trial) public void setup() throws IOException {
            dir = tempDir("million");
            ds = LocalDatastore.open(dir.resolve("s.db"));
            SyntheticStore.pool(ds, "big", "10.0.0.0/12", 26);
            long t0 = System.nanoTime();
            long n = SyntheticStore.fill(ds, Cidr.parse("10.0.0.0/12"), 26, 15_625, 1_000, true);
            System.out.printf("%n[million] built %d allocations in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            ipam = new Ipam(ds);
        }

        @TearDown(Level.Trial) public void tearDown() throws IOException {
            ds.close();
            delete(dir);
        }
    }

    /** What `ipam show --show-blocks` computes. */
    @Benchmark @BenchmarkMode(Mode.SingleShotTime) @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, batchSize = 1) @Measurement(iterations = 3, batchSize = 1) @Fork(value = 1, jvmArgs = {"-Xmx4g"})
    public Object showOnAMillionAllocations(MillionState s) {
        return Utilization.compute(s.ipam.pools(), s.ipam.blocks(false), s.ipam.reservations());
    }

    /** What `ipam check` computes. */
    @Benchmark @BenchmarkMode(Mode.SingleShotTime) @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1, batchSize = 1) @Measurement(iterations = 3, batchSize = 1) @Fork(value = 1, jvmArgs = {"-Xmx4g"})
    public Object checkOnAMillionAllocations(MillionState s) {
        IpamCheck c = IpamCheck.run(s.ipam);
        if (c.numAllocations != 1_000_000) throw new IllegalStateException("expected 1,000,000 allocations, saw " + c.numAllocations);
        return c;
    }
}
