package dev.calicoctl.ipam;

import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the time of show/check goes on a big synthetic store (a profiling aid, not a benchmark). */
public final class ProfileMillion {
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--build")) { // bench/ipam-cli.sh: leave a store for the CLI to time
            try (LocalDatastore ds = LocalDatastore.open(Path.of(args[1]))) {
                SyntheticStore.pool(ds, "big", "10.0.0.0/12", 26);
                long n = SyntheticStore.fill(ds, Cidr.parse("10.0.0.0/12"), 26, 15_625, 1000, true);
                System.out.println("built " + n + " allocations in " + args[1]);
            }
            return;
        }
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 15_625;
        Path dir = Files.createTempDirectory("profile-million");
        try (LocalDatastore ds = LocalDatastore.open(dir.resolve("s.db"))) {
            SyntheticStore.pool(ds, "big", "10.0.0.0/12", 26);
            long t = System.nanoTime();
            SyntheticStore.fill(ds, Cidr.parse("10.0.0.0/12"), 26, blocks, 1000, true);
            System.out.printf("build %.0f ms%n", (System.nanoTime() - t) / 1e6);
            for (int round = 0; round < 3; round++) {
                t = System.nanoTime();
                List<KeyValue> kvs = ds.list(Keys.blockPrefix(4));
                long t1 = System.nanoTime();
                for (KeyValue kv : kvs) AllocationBlock.fromJson(kv.value(), kv.revision());
                long t2 = System.nanoTime();
                List<KeyValue> hs = ds.list(Keys.HANDLES);
                long t3 = System.nanoTime();
                Ipam ipam = new Ipam(ds);
                ipam.handles();
                long t4 = System.nanoTime();
                IpamCheck.run(ipam);
                long t5 = System.nanoTime();
                Utilization.compute(ipam.pools(), ipam.blocks(false), ipam.reservations());
                long t6 = System.nanoTime();
                System.out.printf("list blocks %.0f, parse blocks %.0f, list handles %.0f (%d), parse handles %.0f, check %.0f, show %.0f ms%n",
                        (t1 - t) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, hs.size(), (t4 - t3) / 1e6, (t5 - t4) / 1e6, (t6 - t5) / 1e6);
            }
        } finally {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
    }
}
