package dev.calicoctl.ipam;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.IpReservation;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPAM data as stored (libcalico-go's blockReaderWriter): the keys and values of blocks, block
 * affinities, handles and the IPAM configuration, and every datastore round trip the engine makes
 * for them. It decides nothing: the engine reads here, decides, and writes back with the revision it
 * read; a write that loses its compare-and-swap throws the datastore's Conflict, AlreadyExists or
 * NotFound for {@link Retry} to catch.
 */
final class IpamStore {
    /** Lists longer than this are decoded on every core (order is kept). */
    private static final int PARALLEL_THRESHOLD = 2_000;
    /** Listings of at most this many blocks are decoded from QuickJson's trees (see {@link AllocationBlockJson#readQuickly}). */
    static final int QUICK_MAX = 64;

    private final Datastore ds;
    private final ResourceStore resources;

    IpamStore(Datastore ds) {
        this.ds = ds;
        this.resources = new ResourceStore(ds);
    }

    Datastore datastore() { return ds; }

    /** Whether {@link #commit} is all-or-nothing on this backend. */
    boolean atomicCommits() { return ds.atomicCommits(); }

    /** The most writes one {@link #commit} takes (etcd: one transaction's worth). */
    int maxCommitWrites() { return ds.maxCommitWrites(); }

    /** Applies the writes in one commit (see {@link Datastore#commit}). */
    void commit(List<Datastore.Write> writes) { ds.commit(writes); }

    // ------------------------------------------------------------ configuration, pools, reservations

    /** A value and the revision it was read at; revision 0 when nothing is stored. */
    record Versioned<T>(T value, long revision) {}

    Versioned<IpamConfig> configAt() {
        return ds.get(Keys.IPAM_CONFIG).map(kv -> new Versioned<>(IpamConfig.fromJson(kv.value()), kv.revision()))
                .orElse(new Versioned<>(IpamConfig.DEFAULT, 0));
    }

    IpamConfig config() { return configAt().value(); }

    /** Creates the configuration (revision 0) or replaces it if still at {@code revision}. */
    void writeConfig(IpamConfig c, long revision) {
        if (revision == 0) ds.create(Keys.IPAM_CONFIG, c.toJson());
        else ds.update(Keys.IPAM_CONFIG, c.toJson(), revision);
    }

    /** Every IP pool with a parseable CIDR. */
    List<IpPool> pools() { return usablePools(resources.list(Kinds.IP_POOL, null)); }

    Reservations reservations() { return reservationsOf(resources.list(Kinds.IP_RESERVATION, null)); }

    private static List<IpPool> usablePools(List<Resource> rs) {
        List<IpPool> out = new ArrayList<>();
        for (Resource r : rs) {
            IpPool p = new IpPool(r);
            if (Cidr.tryParse(p.cidrText()) != null) out.add(p);
        }
        return out;
    }

    private static Reservations reservationsOf(List<Resource> rs) {
        List<Cidr> cidrs = new ArrayList<>();
        for (Resource r : rs) cidrs.addAll(IpReservation.reservedCidrs(r));
        return new Reservations(cidrs);
    }

    /** What an assignment for a node depends on, read in one round trip. */
    record AssignInputs(IpamConfig config, List<IpPool> pools, Reservations reservations, Map<String, String> nodeLabels,
                        List<Ipam.Affinity> affinities4, List<Ipam.Affinity> affinities6) {
        List<Ipam.Affinity> affinities(int version) { return version == 4 ? affinities4 : affinities6; }
    }

    AssignInputs assignInputs(String node) {
        List<List<KeyValue>> got = ds.read(List.of(
                Datastore.Read.key(Keys.IPAM_CONFIG),
                Datastore.Read.prefix(Keys.resourcePrefix(Kinds.IP_POOL, null)),
                Datastore.Read.prefix(Keys.resourcePrefix(Kinds.IP_RESERVATION, null)),
                Datastore.Read.key(Keys.resource(Kinds.NODE, null, node)),
                Datastore.Read.prefix(Keys.affinityPrefix(node, 4)),
                Datastore.Read.prefix(Keys.affinityPrefix(node, 6))));
        IpamConfig config = got.get(0).isEmpty() ? IpamConfig.DEFAULT : IpamConfig.fromJson(got.get(0).get(0).value());
        List<Resource> pools = new ArrayList<>();
        for (KeyValue kv : got.get(1)) pools.add(ResourceStore.decode(Kinds.IP_POOL, kv));
        List<Resource> reservations = new ArrayList<>();
        for (KeyValue kv : got.get(2)) reservations.add(ResourceStore.decode(Kinds.IP_RESERVATION, kv));
        Map<String, String> labels = got.get(3).isEmpty() ? Map.of() : ResourceStore.decode(Kinds.NODE, got.get(3).get(0)).labels();
        return new AssignInputs(config, usablePools(pools), reservationsOf(reservations), labels,
                affinitiesOf(node, got.get(4)), affinitiesOf(node, got.get(5)));
    }

    // ------------------------------------------------------------ blocks

    Optional<AllocationBlock> block(Cidr cidr) {
        return ds.get(Keys.block(cidr)).map(kv -> AllocationBlock.fromJson(kv.value(), kv.revision()));
    }

    /** Every block of one IP version, undecoded. */
    List<StoredBlock> listBlocks(int version) {
        List<StoredBlock> out = new ArrayList<>();
        for (KeyValue kv : ds.list(Keys.blockPrefix(version))) out.add(stored(kv));
        return out;
    }

    /**
     * Every block of one IP version, undecoded, a page at a time ({@link Datastore#scan}): for reads
     * of the whole store that must not hold all of it at once (ipam check).
     */
    void scanBlocks(int version, int pageSize, java.util.function.Consumer<List<StoredBlock>> page) {
        ds.scan(Keys.blockPrefix(version), pageSize, kvs -> page.accept(kvs.stream().map(IpamStore::stored).toList()));
    }

    private static StoredBlock stored(KeyValue kv) {
        return new StoredBlock(kv.key(), Keys.cidrFromKey(kv.key()), kv.value(), kv.revision());
    }

    /** Every block, decoded; without attributes when only usage counts are wanted (much faster on big stores). */
    List<AllocationBlock> blocks(boolean withAttributes) {
        List<AllocationBlock> out = new ArrayList<>();
        for (int v : new int[]{4, 6}) {
            List<StoredBlock> listed = listBlocks(v);
            if (listed.size() <= QUICK_MAX) {
                for (StoredBlock s : listed) out.add(s.decodeNamed(withAttributes, true));
                continue;
            }
            out.addAll((listed.size() > PARALLEL_THRESHOLD ? listed.parallelStream() : listed.stream())
                    .map(s -> s.decodeNamed(withAttributes)).toList());
        }
        return out;
    }

    /** The block holding an address: found from its pool's block size, else by listing the blocks. */
    Optional<AllocationBlock> blockContaining(IpAddress ip, IpPool pool) {
        if (pool != null) return block(new Cidr(ip, pool.blockSize()).masked());
        for (StoredBlock s : listBlocks(ip.version())) if (s.cidr().contains(ip)) return Optional.of(s.decode());
        return Optional.empty();
    }

    /** Creates a new block; sets its revision. AlreadyExists when another writer was first. */
    void createBlock(AllocationBlock b) { b.revision = ds.create(Keys.block(b.cidr), b.toJson()).revision(); }

    void updateBlock(AllocationBlock b) { b.revision = ds.update(Keys.block(b.cidr), b.toJson(), b.revision).revision(); }

    void deleteBlock(AllocationBlock b) { ds.delete(Keys.block(b.cidr), b.revision); }

    /** The block's new value, if it is still at the revision it was read at. */
    Datastore.Write blockWrite(AllocationBlock b) { return new Datastore.Write(Keys.block(b.cidr), b.toJson(), b.revision); }

    /** The block's deletion, if it is still at the revision it was read at. */
    Datastore.Write blockDeletion(AllocationBlock b) { return new Datastore.Write(Keys.block(b.cidr), null, b.revision); }

    // ------------------------------------------------------------ block affinities

    Optional<Ipam.Affinity> affinity(String host, Cidr block) {
        return ds.get(Keys.affinity(host, block)).map(kv -> affinityOf(host, kv));
    }

    /** Every host's block affinities. */
    List<Ipam.Affinity> affinities() {
        List<Ipam.Affinity> out = new ArrayList<>();
        String prefix = Keys.IPAM + "host/";
        for (KeyValue kv : ds.list(prefix)) {
            String rest = kv.key().substring(prefix.length());
            out.add(affinityOf(rest.substring(0, rest.indexOf('/')), kv));
        }
        return out;
    }

    private static List<Ipam.Affinity> affinitiesOf(String host, List<KeyValue> kvs) {
        List<Ipam.Affinity> out = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) out.add(affinityOf(host, kv));
        return out;
    }

    private static Ipam.Affinity affinityOf(String host, KeyValue kv) {
        AffinityState state = AffinityState.fromStored(Json.parseObject(kv.value()).get("state"));
        return new Ipam.Affinity(host, Keys.cidrFromKey(kv.key()), state, kv.revision());
    }

    /** AlreadyExists when the host has an affinity for the block already. */
    void createAffinity(String host, Cidr block, AffinityState state) { ds.create(Keys.affinity(host, block), affinityJson(state)); }

    /** Sets the state if the affinity is still at the revision it was read at. */
    void updateAffinity(Ipam.Affinity a, AffinityState state) { ds.update(Keys.affinity(a.host(), a.block()), affinityJson(state), a.revision()); }

    /** Deletes the affinity if it is still at {@code revision}. */
    void deleteAffinity(String host, Cidr block, long revision) { ds.delete(Keys.affinity(host, block), revision); }

    Datastore.Write affinityDeletion(Ipam.Affinity a) { return new Datastore.Write(Keys.affinity(a.host(), a.block()), null, a.revision()); }

    /** A block affinity's stored value as libcalico-go lays it out: {"state":STATE,"deleted":false}, compact, in that order. */
    static String affinityJson(AffinityState state) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(w, false)) {
            g.writeStartObject();
            g.writeStringField("state", state.stored());
            g.writeBooleanField("deleted", false);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    // ------------------------------------------------------------ handles

    Optional<Handle> handle(String handleId) {
        return ds.get(Keys.handle(handleId)).map(kv -> Handle.fromJson(handleId, kv.value(), kv.revision()));
    }

    List<Handle> handles() {
        List<KeyValue> kvs = ds.list(Keys.HANDLES);
        return (kvs.size() > PARALLEL_THRESHOLD ? kvs.parallelStream() : kvs.stream())
                .map(kv -> Handle.fromJson(kv.key().substring(Keys.HANDLES.length()), kv.value(), kv.revision())).toList();
    }

    /** Every handle, a page at a time ({@link Datastore#scan}), each page decoded on every core. */
    void scanHandles(int pageSize, java.util.function.Consumer<List<Handle>> page) {
        ds.scan(Keys.HANDLES, pageSize, kvs -> page.accept((kvs.size() > 64 ? kvs.parallelStream() : kvs.stream())
                .map(kv -> Handle.fromJson(kv.key().substring(Keys.HANDLES.length()), kv.value(), kv.revision())).toList()));
    }

    /** Several handles in one round trip; absent ones are left out. */
    Map<String, Handle> handles(Collection<String> handleIds) {
        if (handleIds.isEmpty()) return Map.of();
        List<Datastore.Read> reads = new ArrayList<>();
        for (String id : handleIds) reads.add(Datastore.Read.key(Keys.handle(id)));
        List<List<KeyValue>> got = ds.read(reads);
        Map<String, Handle> out = new LinkedHashMap<>();
        int i = 0;
        for (String id : handleIds) {
            List<KeyValue> kv = got.get(i++);
            if (!kv.isEmpty()) out.put(id, Handle.fromJson(id, kv.get(0).value(), kv.get(0).revision()));
        }
        return out;
    }

    /** A block and a handle read together; either may be absent. */
    record BlockAndHandle(Optional<AllocationBlock> block, Optional<Handle> handle) {}

    BlockAndHandle blockAndHandle(Cidr block, String handleId) {
        List<List<KeyValue>> got = ds.read(List.of(Datastore.Read.key(Keys.block(block)), Datastore.Read.key(Keys.handle(handleId))));
        return new BlockAndHandle(got.get(0).stream().findFirst().map(kv -> AllocationBlock.fromJson(kv.value(), kv.revision())),
                got.get(1).stream().findFirst().map(kv -> Handle.fromJson(handleId, kv.value(), kv.revision())));
    }

    /**
     * Writes a handle as read and changed: created when it was not stored (revision 0), deleted when
     * it counts no block any more, else replaced if still at the revision read.
     */
    void writeHandle(Handle h) {
        String key = Keys.handle(h.id);
        if (h.revision == 0) ds.create(key, h.toJson());
        else if (h.blocks.isEmpty()) ds.delete(key, h.revision);
        else ds.update(key, h.toJson(), h.revision);
    }

    /** {@link #writeHandle} as one write of a commit. */
    Datastore.Write handleWrite(Handle h) {
        return new Datastore.Write(Keys.handle(h.id), h.revision != 0 && h.blocks.isEmpty() ? null : h.toJson(), h.revision);
    }

    void deleteHandle(String handleId, long revision) { ds.delete(Keys.handle(handleId), revision); }
}
