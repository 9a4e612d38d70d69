package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPAM engine (libcalico-go lib/ipam), written once against the Datastore interface: the
 * operations the commands and the CNI plugin call. It is layered as upstream's package is:
 * {@link IpamStore} owns the stored data (keys, values, round trips); {@link AutoAssigner},
 * {@link BlockClaims} and {@link Releaser} decide; {@link BlockWriter} writes a block with its
 * handles (one atomic commit where the backend can, upstream's order where it cannot); every
 * read-change-write is retried on conflicts by {@link Retry}. No lock is held across a round trip,
 * and a crash at any point leaves data `ipam check` can explain: a handle is counted before its
 * block is written, an affinity is pending before its block exists, a block goes before its affinity.
 * Time (block claim times, the empty-block reclaim grace, IP cooldowns) comes from one {@link Clock}.
 */
public final class Ipam {
    private final Stats stats = new Stats();
    private final IpamStore store;
    private final Retry retry;
    private final AutoAssigner assigner;
    private final Releaser releaser;

    public Ipam(Datastore ds) { this(ds, Clock.systemUTC()); }

    /** An engine that tells time by {@code clock} (tests move it across cooldowns and grace periods). */
    public Ipam(Datastore ds, Clock clock) {
        this.store = new IpamStore(new CountingDatastore(ds, stats));
        this.retry = new Retry(stats.conflicts);
        BlockWriter writer = new BlockWriter(store, retry);
        BlockClaims claims = new BlockClaims(store, retry, writer, clock);
        this.releaser = new Releaser(store, retry, writer, clock);
        this.assigner = new AutoAssigner(store, retry, writer, claims, releaser, clock);
    }

    public Stats stats() { return stats; }

    /** The datastore, counted in {@link #stats()}. */
    public Datastore datastore() { return store.datastore(); }

    // ------------------------------------------------------------ configuration and pools

    public IpamConfig config() { return store.config(); }

    /** Writes the configuration, unless it equals what is in force already (upstream SetIPAMConfig). */
    public void setConfig(IpamConfig c) {
        retry.until(attempt -> {
            IpamStore.Versioned<IpamConfig> cur = store.configAt();
            if (c.equals(cur.value())) return null;
            c.validate();
            store.writeConfig(c, cur.revision());
            return null;
        });
    }

    public Reservations reservations() { return store.reservations(); }

    /** Every IP pool with a parseable CIDR. */
    public List<IpPool> pools() { return store.pools(); }

    static IpPool poolContaining(List<IpPool> pools, IpAddress ip) {
        for (IpPool p : pools) if (p.cidr().contains(ip)) return p;
        return null;
    }

    // ------------------------------------------------------------ assign

    public record AssignResult(List<IpAddress> ipv4, List<IpAddress> ipv6) {}

    /** Assigns addresses for a request; on a shortfall nothing stays assigned and IpamException says why. */
    public AssignResult autoAssign(AutoAssignRequest req) { return assigner.autoAssign(req); }

    /** Assigns one given address to a handle; the block is claimed for the node when it does not exist yet. */
    public void assignIp(IpAddress ip, String handleId, Map<String, String> attrs, String node) {
        assigner.assignIp(ip, handleId, attrs, node);
    }

    // ------------------------------------------------------------ release

    /** What to release: an address, optionally only if it still belongs to a handle / sequence number. */
    public record ReleaseOptions(IpAddress address, String handle, Long sequenceNumber) {}

    /** What a release did: addresses that were not allocated, and per-block failures (other blocks still went ahead). */
    public record ReleaseOutcome(List<IpAddress> unallocated, List<IpAddress> released, List<String> errors) {}

    /** Releases addresses; throws on the first failure. Returns the addresses that were not allocated. */
    public List<IpAddress> releaseIps(List<ReleaseOptions> opts) { return releaser.releaseIps(opts); }

    /** Releases addresses block by block; a block that fails does not stop the others. */
    public ReleaseOutcome release(List<ReleaseOptions> opts) { return releaser.release(opts); }

    /** Releases every address of a handle; returns how many were released. */
    public int releaseByHandle(String handleId) { return releaseHandle(handleId).size(); }

    /** Releases every address of a handle and deletes the handle; returns the addresses released. */
    public List<IpAddress> releaseHandle(String handleId) { return releaser.releaseHandle(handleId); }

    static IpamException noSuchHandle(String handleId) {
        return new IpamException("resource does not exist: IPAMHandle(" + handleId + ")");
    }

    // ------------------------------------------------------------ reading

    /** Every block, decoded. */
    public List<AllocationBlock> blocks() { return blocks(true); }

    /** Every block; without attributes when only usage counts are wanted (much faster on big stores). */
    public List<AllocationBlock> blocks(boolean withAttributes) { return store.blocks(withAttributes); }

    /** The block holding an address, or empty. */
    public Optional<AllocationBlock> blockOf(IpAddress ip) { return store.blockContaining(ip, poolContaining(pools(), ip)); }

    /** One block affinity: which host claims which block, in which state, at which revision. */
    public record Affinity(String host, Cidr block, AffinityState state, long revision) {}

    /** Every host block affinity. */
    public List<Affinity> affinities() { return store.affinities(); }

    public Optional<Handle> handle(String handleId) { return store.handle(handleId); }

    public List<Handle> handles() { return store.handles(); }

    /** The addresses a handle holds now, block by block (what {@link #releaseByHandle} would release). */
    public List<IpAddress> addressesOfHandle(String handleId) {
        return addressesOf(store.handle(handleId).orElseThrow(() -> noSuchHandle(handleId)));
    }

    /** The addresses a handle holds, read from its blocks (upstream's IPsByHandle); empty for an unknown handle. */
    public List<IpAddress> ipsByHandle(String handleId) {
        return store.handle(handleId).map(this::addressesOf).orElseGet(ArrayList::new);
    }

    private List<IpAddress> addressesOf(Handle h) {
        List<IpAddress> out = new ArrayList<>();
        for (String blockText : h.blocks.keySet()) {
            Cidr cidr = Cidr.tryParse(blockText);
            if (cidr == null) continue;
            store.block(cidr).ifPresent(b -> { for (int o : b.ordinalsOfHandle(h.id)) out.add(b.ipOf(o)); });
        }
        return out;
    }

    // ------------------------------------------------------------ repairs from an `ipam check` report

    /**
     * Sets a handle's count for one block to what the block really holds, if the handle is
     * still at {@code revision} (a repair from an `ipam check` report). False when it changed.
     */
    public boolean fixHandleCount(String handleId, String block, int actual, long revision) {
        Optional<Handle> cur = store.handle(handleId);
        if (cur.isEmpty() || cur.get().revision != revision) return false;
        Handle h = cur.get();
        if (actual > 0) h.blocks.put(block, actual); else h.blocks.remove(block);
        return succeeds(() -> store.writeHandle(h));
    }

    /** Deletes a handle if it is still at {@code revision}. */
    public boolean deleteHandle(String handleId, long revision) { return succeeds(() -> store.deleteHandle(handleId, revision)); }

    /** Deletes an affinity if it is still at {@code revision} (repair of one whose block is gone). */
    public boolean deleteAffinity(String host, Cidr block, long revision) { return succeeds(() -> store.deleteAffinity(host, block, revision)); }

    /** One compare-and-swap: false when the key changed or is gone. */
    private static boolean succeeds(Runnable write) {
        try {
            write.run();
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            return false;
        }
    }

    // ------------------------------------------------------------ stored forms (benchmarks' synthetic stores, tests)

    /** A block affinity's stored value, {"state":STATE,"deleted":false}, for a state's stored word ("pending"). */
    public static String affinityJson(String state) { return IpamStore.affinityJson(AffinityState.fromStored(state)); }

    /** Whether a stored block provably has no free address (see {@link StoredBlock#isFull}). */
    static boolean isFull(String blockJson) { return StoredBlock.isFull(blockJson); }
}
