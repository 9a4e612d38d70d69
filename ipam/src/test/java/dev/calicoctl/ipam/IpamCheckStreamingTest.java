package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.Orchestrator;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ipam check` reads blocks and handles a page at a time instead of listing them whole (the
 * memory bound of a million-allocation check rests on this), and still sees every allocation.
 */
class IpamCheckStreamingTest {
    /** Records how blocks and handles were read. */
    static final class Recording implements Datastore {
        final Datastore inner;
        final List<String> listed = new ArrayList<>();
        final Map<String, List<Integer>> pages = new LinkedHashMap<>();

        Recording(Datastore inner) { this.inner = inner; }

        @Override public Optional<KeyValue> get(String key) { return inner.get(key); }
        @Override public List<KeyValue> list(String prefix) { listed.add(prefix); return inner.list(prefix); }
        @Override public Listing listing(String prefix) { listed.add(prefix); return inner.listing(prefix); }
        @Override public List<List<KeyValue>> read(List<Read> reads) {
            for (Read r : reads) if (r.prefix()) listed.add(r.key());
            return inner.read(reads);
        }
        @Override public void scan(String prefix, int pageSize, Consumer<List<KeyValue>> page) {
            List<Integer> sizes = pages.computeIfAbsent(prefix, k -> new ArrayList<>());
            inner.scan(prefix, pageSize, p -> {
                sizes.add(p.size());
                page.accept(p);
            });
        }
        @Override public KeyValue create(String key, String value) { return inner.create(key, value); }
        @Override public KeyValue update(String key, String value, long revision) { return inner.update(key, value, revision); }
        @Override public void createAll(Map<String, String> entries) { inner.createAll(entries); }
        @Override public void delete(String key, long revision) { inner.delete(key, revision); }
        @Override public long commit(List<Write> writes) { return inner.commit(writes); }
        @Override public boolean atomicCommits() { return inner.atomicCommits(); }
        @Override public int maxCommitWrites() { return inner.maxCommitWrites(); }
        @Override public Optional<Orchestrator> orchestrator() { return inner.orchestrator(); }
        @Override public String describe() { return inner.describe(); }
        @Override public void close() { inner.close(); }
    }

    @Test
    void blocksAndHandlesAreReadInPagesNeverListedWhole(@TempDir Path dir) throws Exception {
        int blocks = IpamCheck.BLOCK_PAGE * 2 + 3, perBlock = 16; // /28 blocks, 16 handles each: several pages of both
        try (Recording ds = new Recording(LocalDatastore.open(dir.resolve("s.db")))) {
            IpamFixture f = new IpamFixture(ds).pool("p", "250.0.0.0/16", "  blockSize: 28\n")
                    .pool("p2", "10.0.0.0/16", "  blockSize: 28\n");
            Map<String, String> batch = new LinkedHashMap<>();
            for (int i = 0; i < blocks; i++) {
                // a few in 10/16: their texts sort before 250.*'s though "250"'s octet rank is past 127
                Cidr c = new Cidr(Cidr.parse(i < 3 ? "10.0.0.0/16" : "250.0.0.0/16").network().plusShifted(i, 4), 28);
                AllocationBlock b = AllocationBlock.create(c, "host:node-" + (i % 3), "2026-01-01T00:00:00Z", 1);
                for (int o = 0; o < perBlock; o++) {
                    String handle = "h-" + i + "-" + o;
                    b.assign(o, handle, Map.of("node", "node-" + (i % 3), "pod", "pod-" + i + "-" + o, "namespace", "ns"));
                    if (o != 5) batch.put(Keys.handle(handle), "{\"block\":{\"" + c + "\":1},\"deleted\":false}"); // one missing per block
                }
                batch.put(Keys.block(c), b.toJson());
                batch.put(Keys.affinity("node-" + (i % 3), c), Ipam.affinityJson("confirmed"));
            }
            ds.createAll(batch);
            ds.listed.clear();

            IpamCheck c = IpamCheck.run(f.ipam);

            assertThat(ds.listed).doesNotContain(Keys.blockPrefix(4), Keys.blockPrefix(6), Keys.HANDLES)
                    .noneMatch(p -> p.startsWith(Keys.HANDLES) || p.startsWith(Keys.blockPrefix(4)));
            assertThat(ds.pages.get(Keys.blockPrefix(4))).hasSizeGreaterThan(2).allMatch(n -> n <= IpamCheck.BLOCK_PAGE);
            assertThat(ds.pages.get(Keys.HANDLES)).hasSizeGreaterThan(1).allMatch(n -> n <= IpamCheck.HANDLE_PAGE);

            // and nothing was missed
            assertThat(c.numAllocations).isEqualTo(blocks * perBlock);
            assertThat(c.allocations).hasSize(blocks * perBlock);
            assertThat(c.leakedIps).hasSize(blocks * perBlock);
            assertThat(c.goodHandles).isEqualTo(blocks * (perBlock - 1));
            assertThat(c.missingHandles).hasSize(blocks).contains("h-0-5", "h-" + (blocks - 1) + "-5");
            assertThat(c.handleMismatches).isEmpty();
            assertThat(c.allocationsByNode.get("node-1")).hasSize((int) java.util.stream.IntStream.range(0, blocks).filter(i -> i % 3 == 1).count() * perBlock);
            IpamCheck.Allocation last = c.allocations.get("250.0.32.47").get(0); // block 2*256+2, ordinal 15
            assertThat(last.handle).isEqualTo("h-514-15");
            assertThat(last.attrs).containsEntry("pod", "pod-514-15");
            StringWriter report = new StringWriter();
            CheckReportCodec.write(CheckReport.of(c, "v", "guid", false, "1", ""), report);
            CheckReport back = CheckReportCodec.read(new java.io.ByteArrayInputStream(report.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(back.allocations()).hasSize(blocks * perBlock);
            assertThat(new ArrayList<>(back.allocations().keySet())).isSorted(); // string order, as encoding/json writes keys
            assertThat(back.allocations().get("250.0.32.47")).singleElement().satisfies(a -> assertThat(a.pod()).isEqualTo("pod-514-15"));
        }
    }
}
