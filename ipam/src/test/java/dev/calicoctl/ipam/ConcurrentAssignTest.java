package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Several clients (own connections, as separate processes would have) assigning at once on one store. */
class ConcurrentAssignTest {
    @TempDir Path dir;

    /**
     * {@code clients} clients, each with its own connection from {@code connect}, assign {@code each}
     * addresses one at a time over {@code nodes} nodes; every address must be distinct and the
     * store consistent afterwards. Used for every backend.
     */
    static void assignConcurrently(Supplier<Datastore> connect, int clients, int each, int nodes) throws Exception {
        try (IpamFixture f = new IpamFixture(connect.get())) {
            f.pool("p", "10.20.0.0/22", "  blockSize: 28\n");
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<IpAddress>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<IpAddress> mine = new ArrayList<>();
                try (Datastore ds = connect.get()) {
                    Ipam ipam = new Ipam(ds);
                    for (int i = 0; i < each; i++) {
                        String node = "node-" + (client % nodes);
                        mine.addAll(ipam.autoAssign(new AutoAssignRequest(node, "h-" + client + "-" + i, Map.of("node", node), 1, 0, null, null, null, null, null)).ipv4());
                    }
                }
                return mine;
            }));
        }
        Set<IpAddress> all = new HashSet<>();
        int total = 0;
        for (Future<List<IpAddress>> r : results) {
            List<IpAddress> got = r.get(120, TimeUnit.SECONDS);
            total += got.size();
            all.addAll(got);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(clients * each);
        assertThat(all).hasSize(clients * each);
        try (IpamFixture f = new IpamFixture(connect.get())) {
            f.assertConsistent();
            assertThat(f.ipam.handles()).hasSize(clients * each);
        }
    }

    @Test
    void noAddressIsHandedOutTwice() throws Exception {
        assignConcurrently(() -> LocalDatastore.open(dir.resolve("ipam.db")), 6, 30, 3);
    }
}
