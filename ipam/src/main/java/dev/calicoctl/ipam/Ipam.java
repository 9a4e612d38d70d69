package dev.calicoctl.ipam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
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
import dev.calicoctl.model.Selector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPAM engine (libcalico-go lib/ipam), written once against the Datastore interface.
 * Every write is a compare-and-swap on one key, retried a bounded number of times; no lock is
 * held across a round trip. Write order follows upstream so that a crash at any point leaves
 * data `ipam check` can explain: handle counted before the block write, affinity pending
 * before the block exists, block gone before its affinity.
 */
public final class Ipam {
    static final int RETRIES = 100;
    /** An empty block claimed longer ago than this may be taken over by another host. */
    static final long EMPTY_BLOCK_RECLAIM_SECONDS = 60;

    private final Datastore ds;
    private final ResourceStore resources;
    private final Stats stats = new Stats();

    public Ipam(Datastore ds) {
        this.ds = new CountingDatastore(ds, stats);
        this.resources = new ResourceStore(this.ds);
    }

    public Stats stats() { return stats; }
    public Datastore datastore() { return ds; }

    // ------------------------------------------------------------ datastore access, counted

    private Optional<KeyValue> get(String key) { return ds.get(key); }
    private List<KeyValue> list(String prefix) { return ds.list(prefix); }
    private KeyValue create(String key, String value) { return ds.create(key, value); }
    private KeyValue update(String key, String value, long rev) { return ds.update(key, value, rev); }
    private void delete(String key, long rev) { ds.delete(key, rev); }

    static String now() { return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(); }

    // ------------------------------------------------------------ configuration and pools

    public IpamConfig config() {
        return get(Keys.IPAM_CONFIG).map(kv -> IpamConfig.fromJson(kv.value())).orElse(IpamConfig.DEFAULT);
    }

    /** Writes the configuration, unless it equals what is in force already (upstream SetIPAMConfig). */
    public void setConfig(IpamConfig c) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<KeyValue> cur = get(Keys.IPAM_CONFIG);
            if (c.equals(cur.map(kv -> IpamConfig.fromJson(kv.value())).orElse(IpamConfig.DEFAULT))) return;
            c.validate();
            try {
                if (cur.isEmpty()) create(Keys.IPAM_CONFIG, c.toJson());
                else update(Keys.IPAM_CONFIG, c.toJson(), cur.get().revision());
                return;
            } catch (DatastoreException.Conflict | DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
                stats.conflicts.incrementAndGet();
            }
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    public Reservations reservations() {
        List<Cidr> cidrs = new ArrayList<>();
        for (Resource r : resources.list(Kinds.IP_RESERVATION, null)) cidrs.addAll(IpReservation.reservedCidrs(r));
        return new Reservations(cidrs);
    }

    /** Every IP pool with a parseable CIDR. */
    public List<IpPool> pools() {
        List<IpPool> out = new ArrayList<>();
        for (Resource r : resources.list(Kinds.IP_POOL, null)) {
            IpPool p = new IpPool(r);
            if (Cidr.tryParse(p.cidrText()) != null) out.add(p);
        }
        return out;
    }

    static IpPool poolContaining(List<IpPool> pools, IpAddress ip) {
        for (IpPool p : pools) if (p.cidr().contains(ip)) return p;
        return null;
    }

    // ------------------------------------------------------------ auto-assign

    /** Assigns addresses for a request; on a shortfall nothing stays assigned and IpamException says why. */
    public AssignResult autoAssign(AutoAssignRequest req) {
        if (req.node() == null || req.node().isEmpty()) throw new IpamException("a node name is required");
        if (req.handleId() == null || req.handleId().isEmpty()) throw new IpamException("a handle ID is required");
        // Everything the request depends on, in one round trip: configuration, pools, reservations,
        // the node's labels and its block affinities.
        List<List<KeyValue>> got = ds.read(List.of(
                Datastore.Read.key(Keys.IPAM_CONFIG),
                Datastore.Read.prefix(Keys.resourcePrefix(Kinds.IP_POOL, null)),
                Datastore.Read.prefix(Keys.resourcePrefix(Kinds.IP_RESERVATION, null)),
                Datastore.Read.key(Keys.resource(Kinds.NODE, null, req.node())),
                Datastore.Read.prefix(Keys.affinityPrefix(req.node(), 4)),
                Datastore.Read.prefix(Keys.affinityPrefix(req.node(), 6))));
        IpamConfig config = got.get(0).isEmpty() ? IpamConfig.DEFAULT : IpamConfig.fromJson(got.get(0).get(0).value());
        List<IpPool> pools = new ArrayList<>();
        for (KeyValue kv : got.get(1)) {
            IpPool p = new IpPool(ResourceStore.decode(Kinds.IP_POOL, kv));
            if (Cidr.tryParse(p.cidrText()) != null) pools.add(p);
        }
        List<Cidr> reserved = new ArrayList<>();
        for (KeyValue kv : got.get(2)) reserved.addAll(IpReservation.reservedCidrs(ResourceStore.decode(Kinds.IP_RESERVATION, kv)));
        Reservations reservations = new Reservations(reserved);
        Map<String, String> labels = got.get(3).isEmpty() ? Map.of() : ResourceStore.decode(Kinds.NODE, got.get(3).get(0)).labels();
        List<IpAddress> v4 = assignFamily(4, req.num4(), req.ipv4Pools(), req, pools, config, reservations, labels, got.get(4));
        List<IpAddress> v6;
        try {
            v6 = assignFamily(6, req.num6(), req.ipv6Pools(), req, pools, config, reservations, labels, got.get(5));
        } catch (IpamException e) {
            rollback(v4, req.handleId());
            throw e;
        }
        return new AssignResult(v4, v6);
    }

    public record AssignResult(List<IpAddress> ipv4, List<IpAddress> ipv6) {}

    private void rollback(List<IpAddress> ips, String handle) {
        if (ips.isEmpty()) return;
        List<ReleaseOptions> opts = new ArrayList<>();
        for (IpAddress ip : ips) opts.add(new ReleaseOptions(ip, handle, null));
        releaseIps(opts);
    }

    private List<IpAddress> assignFamily(int version, int num, List<String> requested, AutoAssignRequest req, List<IpPool> allPools,
                                         IpamConfig config, Reservations reservations, Map<String, String> nodeLabels, List<KeyValue> affinityKvList) {
        List<IpAddress> got = new ArrayList<>();
        if (num <= 0) return got;
        List<IpPool> pools = choosePools(version, requested, req, allPools, nodeLabels);
        BlockRules rules = new BlockRules(config.ipCooldownSeconds(), req.hostReservation());
        String host = req.node();
        String affinity = "host:" + host;

        // This host's blocks, latest claimed first (the last along its walk of each pool): in the
        // steady state that one has room, so one affinity and one block read find it.
        List<Cidr> mine = new ArrayList<>();
        Map<Cidr, java.math.BigInteger> position = new HashMap<>();
        Map<Cidr, KeyValue> affinityKvs = new HashMap<>();
        for (KeyValue kv : affinityKvList) {
            Cidr c = Keys.cidrFromKey(kv.key());
            affinityKvs.put(c, kv);
            for (int pi = 0; pi < pools.size(); pi++) {
                IpPool p = pools.get(pi);
                if (!p.cidr().contains(c)) continue;
                mine.add(c);
                position.put(c, java.math.BigInteger.valueOf(pi).shiftLeft(130).subtract(new BlockOrder(p.cidr(), p.blockSize(), host).positionOf(c)));
                break;
            }
        }
        mine.sort(Comparator.comparing(position::get));
        Deque<Cidr> affine = new ArrayDeque<>(mine);
        int owned = affine.size();
        int limit = config.effectiveBlockLimit();
        List<String> messages = new ArrayList<>();
        boolean blockLimitHit = false;
        try {
            while (got.size() < num) {
                AllocationBlock b = null;
                while (b == null && !affine.isEmpty()) {
                    Cidr c = affine.poll();
                    if (reservations.matchesWhole(c)) continue;
                    b = blockForAffinity(c, host, affinityKvs.remove(c), rules);
                    if (b != null && b.numFree(reservations) < 1) b = null;
                }
                if (b == null) {
                    if (owned >= limit) {
                        blockLimitHit = true;
                        messages.add("Need to allocate an IPAM block but could not - limit of " + limit + " blocks reached for this node");
                        break;
                    }
                    if (!config.autoAllocateBlocks()) break;
                    b = claimNewBlock(pools, host, version, reservations, rules);
                    if (b == null) {
                        if (config.strictAffinity()) messages.add("No more free affine blocks and strict affinity enabled");
                        break;
                    }
                    owned++;
                }
                got.addAll(assignFromBlock(b, num - got.size(), req, reservations, affinity, rules));
            }
            if (got.size() < num && !config.strictAffinity() && !blockLimitHit) {
                borrow(pools, host, version, num, got, req, reservations, messages, rules);
            }
        } catch (RuntimeException e) {
            rollback(got, req.handleId());
            throw e;
        }
        if (got.size() < num) {
            rollback(got, req.handleId());
            StringBuilder sb = new StringBuilder("Assigned " + got.size() + " out of " + num + " requested IPv" + version + " addresses");
            for (String m : messages) sb.append("; ").append(m);
            throw new IpamException(sb.toString());
        }
        return got;
    }

    private List<IpPool> choosePools(int version, List<String> requested, AutoAssignRequest req, List<IpPool> allPools, Map<String, String> nodeLabels) {
        List<IpPool> enabled = new ArrayList<>();
        HostReservation hr = req.hostReservation();
        for (IpPool p : allPools) {
            // a host reservation needs room in each block (Windows: no /30../32 blocks)
            if (hr != null && p.blockSize() > hr.maxPrefixLength(p.cidr().ip().bits())) continue;
            if (p.cidr().version() == version && !p.disabled()) enabled.add(p);
        }
        List<IpPool> matching = new ArrayList<>();
        if (!requested.isEmpty()) {
            for (String want : requested) {
                IpPool found = null;
                Cidr wantCidr = Cidr.tryParse(want);
                for (IpPool p : enabled) {
                    if (p.name().equals(want) || (wantCidr != null && p.cidr().masked().equals(wantCidr.masked()))) found = p;
                }
                if (found == null) {
                    throw new IpamException("the given pool (" + (wantCidr != null ? wantCidr.masked().toString() : want) + ") does not exist, or is not enabled");
                }
                if (!matching.contains(found)) matching.add(found);
            }
        } else {
            Map<String, String> nsLabels = new HashMap<>(req.namespaceLabels());
            if (req.namespace() != null) nsLabels.putIfAbsent("projectcalico.org/name", req.namespace());
            for (IpPool p : enabled) {
                if (!"Automatic".equals(p.assignmentMode())) continue;
                if (!Selector.parse(p.nodeSelector()).matches(nodeLabels)) continue;
                if (req.namespace() != null && !p.namespaceSelector().isEmpty() && !Selector.parse(p.namespaceSelector()).matches(nsLabels)) continue;
                matching.add(p);
            }
        }
        if (matching.isEmpty()) {
            if (enabled.isEmpty()) throw new IpamException("cannot find a qualified ippool: no enabled IPv" + version + " pools");
            throw new IpamException("no configured Calico pools for node " + req.node());
        }
        List<IpPool> allowed = new ArrayList<>();
        for (IpPool p : matching) if (p.allowedUses().contains(req.use())) allowed.add(p);
        if (allowed.isEmpty()) throw new IpamException("cannot find a qualified ippool, no pools match the required use (" + req.use() + ")");
        return allowed;
    }

    /** The block behind one of this host's affinities, finishing a half-done claim if needed; null when unusable. */
    private AllocationBlock blockForAffinity(Cidr cidr, String host, KeyValue known, BlockRules rules) {
        String affKey = Keys.affinity(host, cidr);
        for (int i = 0; i < RETRIES; i++) {
            Optional<KeyValue> aff = known != null ? Optional.of(known) : get(affKey);
            known = null; // only the first attempt may use what the listing returned
            if (aff.isEmpty()) return null;
            String state = String.valueOf(Json.parseObject(aff.get().value()).get("state"));
            if ("pendingDeletion".equals(state)) return null;
            Optional<KeyValue> blk = get(Keys.block(cidr));
            if (blk.isPresent()) {
                AllocationBlock b = rules.load(blk.get());
                if (("host:" + host).equals(b.affinity)) {
                    if (!"confirmed".equals(state)) confirmAffinity(affKey, aff.get());
                    return b;
                }
                // someone else owns the block: our affinity is stale
                try { delete(affKey, aff.get().revision()); } catch (DatastoreException e) { stats.conflicts.incrementAndGet(); }
                return null;
            }
            // affinity without its block: a claim that stopped half-way; finish it
            try {
                AllocationBlock b = AllocationBlock.create(cidr, "host:" + host, now(), initialSequence(), rules.hostReservation());
                KeyValue kv = create(Keys.block(cidr), b.toJson());
                b.revision = kv.revision();
                confirmAffinity(affKey, null);
                return b;
            } catch (DatastoreException.AlreadyExists e) {
                stats.conflicts.incrementAndGet();
            }
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    private static long initialSequence() { return System.currentTimeMillis() * 1_000_000L; }

    private void confirmAffinity(String affKey, KeyValue known) {
        for (int i = 0; i < RETRIES; i++) {
            KeyValue cur = known != null ? known : get(affKey).orElse(null);
            known = null;
            if (cur == null) return;
            if ("confirmed".equals(String.valueOf(Json.parseObject(cur.value()).get("state")))) return;
            try {
                update(affKey, affinityJson("confirmed"), cur.revision());
                return;
            } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
                stats.conflicts.incrementAndGet();
            }
        }
    }

    /**
     * A block affinity's stored value as libcalico-go lays it out: {"state":STATE,"deleted":false}
     * (compact, in that order). Public for the benchmarks' synthetic stores.
     */
    public static String affinityJson(String state) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(w, false)) {
            g.writeStartObject();
            g.writeStringField("state", state);
            g.writeBooleanField("deleted", false);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private record BlockInfo(String affinity, int numFree, boolean empty, String claimTime, long revision) {
        static final BlockInfo FULL = new BlockInfo(null, 0, false, null, 0);
    }

    /**
     * A block whose unallocated list is empty has no free address (whatever the reservations),
     * unless garbage collection could free cooling-down addresses.
     */
    static boolean isFull(String blockJson) {
        // a streaming pass over two fields, far cheaper than decoding the block (1,024 full blocks cost ~0)
        try (JsonParser p = Json.parser(blockJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            boolean noneUnallocated = false, coolingDown = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("unallocated".equals(field) && v == JsonToken.START_ARRAY) {
                    noneUnallocated = p.nextToken() == JsonToken.END_ARRAY;
                    if (!noneUnallocated) p.skipChildren();
                } else if ("attributes".equals(field) && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            if (p.nextToken() != JsonToken.VALUE_NULL && "releasedAt".equals(name)) coolingDown = true;
                            p.skipChildren();
                        }
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) return false; // not a list of attributes
                } else {
                    p.skipChildren();
                }
            }
            return noneUnallocated && !coolingDown;
        } catch (java.io.IOException | RuntimeException e) {
            return false; // not provably full: the full decode that follows reports what is wrong
        }
    }

    /**
     * How blocks are treated within one request: the configured cooldown, applied to every block
     * read as upstream does on each load, and the host's reservation in blocks it creates.
     */
    private record BlockRules(int cooldownSeconds, HostReservation hostReservation) {
        AllocationBlock load(KeyValue kv) {
            AllocationBlock b = AllocationBlock.fromJson(kv.value(), kv.revision());
            b.garbageCollect(cooldownSeconds, Instant.now());
            return b;
        }
    }

    /** Claims a new block for the host: a pending affinity, the block, then the affinity confirmed. */
    private AllocationBlock claimNewBlock(List<IpPool> pools, String host, int version, Reservations reservations, BlockRules rules) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Map<String, BlockInfo> existing = new HashMap<>();
            for (KeyValue kv : list(Keys.blockPrefix(version))) {
                if (isFull(kv.value())) { // nothing to gain from it: skip the parse (1,024 full blocks cost ~0 this way)
                    existing.put(kv.key(), BlockInfo.FULL);
                    continue;
                }
                AllocationBlock b = rules.load(kv);
                existing.put(kv.key(), new BlockInfo(b.affinity, b.numFree(reservations), b.empty(), b.affinityClaimTime, kv.revision()));
            }
            Cidr subnet = null;
            List<Cidr> emptyOthers = new ArrayList<>();
            search:
            for (IpPool pool : pools) {
                BlockOrder order = new BlockOrder(pool.cidr(), pool.blockSize(), host);
                for (Cidr c = order.next(); c != null; c = order.next()) {
                    if (reservations.matchesWhole(c)) continue;
                    BlockInfo info = existing.get(Keys.block(c));
                    if (info == null) { subnet = c; break search; }
                    if (("host:" + host).equals(info.affinity()) && info.numFree() > 0) { subnet = c; break search; }
                    if (info.empty() && info.numFree() > 0) emptyOthers.add(c);
                }
            }
            if (subnet == null) {
                for (Cidr c : emptyOthers) {
                    BlockInfo info = existing.get(Keys.block(c));
                    if (!oldEnough(info.claimTime())) continue;
                    if (releaseEmptyBlock(c, info.revision())) { subnet = c; break; }
                }
            }
            if (subnet == null) return null;
            String affKey = Keys.affinity(host, subnet);
            try {
                create(affKey, affinityJson("pending"));
            } catch (DatastoreException.AlreadyExists e) {
                Optional<KeyValue> cur = get(affKey);
                if (cur.isPresent() && !"confirmed".equals(String.valueOf(Json.parseObject(cur.get().value()).get("state")))) {
                    try { update(affKey, affinityJson("pending"), cur.get().revision()); } catch (DatastoreException ignored) { stats.conflicts.incrementAndGet(); continue; }
                }
            }
            AllocationBlock b = AllocationBlock.create(subnet, "host:" + host, now(), initialSequence(), rules.hostReservation());
            try {
                KeyValue kv = create(Keys.block(subnet), b.toJson());
                b.revision = kv.revision();
            } catch (DatastoreException.AlreadyExists e) {
                stats.conflicts.incrementAndGet();
                Optional<KeyValue> cur = get(Keys.block(subnet));
                if (cur.isPresent()) {
                    AllocationBlock theirs = rules.load(cur.get());
                    if (("host:" + host).equals(theirs.affinity)) {
                        confirmAffinity(affKey, null);
                        return theirs;
                    }
                }
                // lost the race for this block: drop our pending affinity and look again
                get(affKey).ifPresent(kv -> { try { delete(affKey, kv.revision()); } catch (DatastoreException ignored) { stats.conflicts.incrementAndGet(); } });
                continue;
            }
            confirmAffinity(affKey, null);
            return b;
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    private static boolean oldEnough(String claimTime) {
        if (claimTime == null) return true;
        try {
            return Instant.parse(claimTime).plusSeconds(EMPTY_BLOCK_RECLAIM_SECONDS).isBefore(Instant.now());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Borrows from other hosts' blocks (strict affinity off): one listing, walked in this host's order. */
    private void borrow(List<IpPool> pools, String host, int version, int num, List<IpAddress> got, AutoAssignRequest req,
                        Reservations reservations, List<String> messages, BlockRules rules) {
        List<KeyValue> all = list(Keys.blockPrefix(version));
        List<String> exhausted = new ArrayList<>();
        for (IpPool pool : pools) {
            if (got.size() >= num) break;
            BlockOrder order = new BlockOrder(pool.cidr(), pool.blockSize(), host);
            List<AllocationBlock> candidates = new ArrayList<>();
            for (KeyValue kv : all) {
                Cidr c = Keys.cidrFromKey(kv.key());
                if (!pool.cidr().contains(c) || isFull(kv.value())) continue;
                AllocationBlock b = rules.load(kv);
                if (b.numFree(reservations) > 0) candidates.add(b);
            }
            candidates.sort(Comparator.comparing(b -> order.positionOf(b.cidr)));
            for (AllocationBlock b : candidates) {
                if (got.size() >= num) break;
                got.addAll(assignFromBlock(b, num - got.size(), req, reservations, null, rules));
            }
            if (got.size() < num) exhausted.add(pool.cidrText());
        }
        if (!exhausted.isEmpty()) messages.add("No IPs available in pools: " + exhausted);
    }

    /**
     * Takes up to {@code num} addresses from one block: the block and the handle's count are
     * written in one atomic commit (compare-and-swap on both), so no crash can leave one without
     * the other. Most handles are new: the first attempt assumes so and reads nothing more.
     */
    /**
     * Writes a block (already changed in memory) and the handle's count for it, {@code added} more,
     * in one atomic commit; false when either changed since it was read ({@code handleKv} null: the
     * handle did not exist).
     */
    private boolean commitBlockAndHandle(AllocationBlock b, String handleId, int added, KeyValue handleKv) {
        Handle h = handleKv == null ? new Handle(handleId) : Handle.fromJson(handleId, handleKv.value(), handleKv.revision());
        h.blocks.merge(b.cidr.toString(), added, Integer::sum);
        b.sequenceNumber++;
        if (!ds.atomicCommits()) return handleThenBlock(b, h, added, handleKv);
        try {
            ds.commit(List.of(new Datastore.Write(Keys.handle(handleId), h.toJson(), handleKv == null ? 0 : handleKv.revision()),
                    new Datastore.Write(Keys.block(b.cidr), b.toJson(), b.revision)));
            return true;
        } catch (DatastoreException.Conflict e) {
            stats.conflicts.incrementAndGet();
            return false;
        }
    }

    /**
     * libcalico-go's order for a backend without multi-key commits (kubernetes): the handle's count
     * first, then the block; when the block write loses, the count is taken back. A crash between
     * the two leaves a handle counting one address too many, which `ipam check` reports and
     * `ipam release --from-report` repairs, as upstream's would.
     */
    private boolean handleThenBlock(AllocationBlock b, Handle h, int added, KeyValue handleKv) {
        String handleKey = Keys.handle(h.id());
        try {
            if (handleKv == null) create(handleKey, h.toJson());
            else update(handleKey, h.toJson(), handleKv.revision());
        } catch (DatastoreException.Conflict | DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
            stats.conflicts.incrementAndGet();
            return false;
        }
        try {
            update(Keys.block(b.cidr), b.toJson(), b.revision);
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            stats.conflicts.incrementAndGet();
            decrementHandle(h.id(), b.cidr, added);
            return false;
        }
    }

    private List<IpAddress> assignFromBlock(AllocationBlock b, int num, AutoAssignRequest req, Reservations reservations, String requiredAffinity,
                                            BlockRules rules) {
        Map<String, String> attrs = new LinkedHashMap<>(req.attributes());
        String handleKey = Keys.handle(req.handleId());
        KeyValue handleKv = null; // unknown: assume the handle does not exist yet
        for (int i = 0; i < RETRIES; i++) {
            if (b == null) return List.of();
            if (requiredAffinity != null && !requiredAffinity.equals(b.affinity)) return List.of();
            List<IpAddress> ips = b.autoAssign(num, req.handleId(), attrs, reservations);
            if (ips.isEmpty()) return ips;
            if (commitBlockAndHandle(b, req.handleId(), ips.size(), handleKv)) return ips;
            // lost a race: read both again and retry on the fresh copies
            List<List<KeyValue>> fresh = ds.read(List.of(Datastore.Read.key(handleKey), Datastore.Read.key(Keys.block(b.cidr))));
            handleKv = fresh.get(0).isEmpty() ? null : fresh.get(0).get(0);
            b = fresh.get(1).isEmpty() ? null : rules.load(fresh.get(1).get(0));
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    // ------------------------------------------------------------ handles

    private void decrementHandle(String handleId, Cidr block, int n) {
        String key = Keys.handle(handleId);
        for (int i = 0; i < RETRIES; i++) {
            Optional<KeyValue> cur = get(key);
            if (cur.isEmpty()) return;
            Handle h = Handle.fromJson(handleId, cur.get().value(), cur.get().revision());
            int left = h.blocks.getOrDefault(block.toString(), 0) - n;
            if (left > 0) h.blocks.put(block.toString(), left);
            else h.blocks.remove(block.toString());
            try {
                if (h.blocks.isEmpty()) delete(key, h.revision);
                else update(key, h.toJson(), h.revision);
                return;
            } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
                stats.conflicts.incrementAndGet();
            }
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    /**
     * Sets a handle's count for one block to what the block really holds, if the handle is
     * still at {@code revision} (a repair from an `ipam check` report). False when it changed.
     */
    public boolean fixHandleCount(String handleId, String block, int actual, long revision) {
        String key = Keys.handle(handleId);
        Optional<KeyValue> cur = get(key);
        if (cur.isEmpty() || cur.get().revision() != revision) return false;
        Handle h = Handle.fromJson(handleId, cur.get().value(), cur.get().revision());
        if (actual > 0) h.blocks.put(block, actual); else h.blocks.remove(block);
        try {
            if (h.blocks.isEmpty()) delete(key, revision);
            else update(key, h.toJson(), revision);
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            return false;
        }
    }

    /** Deletes a handle if it is still at {@code revision}. */
    public boolean deleteHandle(String handleId, long revision) {
        try {
            delete(Keys.handle(handleId), revision);
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            return false;
        }
    }

    public Optional<Handle> handle(String handleId) {
        return get(Keys.handle(handleId)).map(kv -> Handle.fromJson(handleId, kv.value(), kv.revision()));
    }

    /** The addresses a handle holds, read from its blocks (upstream's IPsByHandle); empty for an unknown handle. */
    public List<IpAddress> ipsByHandle(String handleId) {
        List<IpAddress> out = new ArrayList<>();
        Optional<Handle> h = handle(handleId);
        if (h.isEmpty()) return out;
        for (String blockText : h.get().blocks.keySet()) {
            Cidr cidr = Cidr.tryParse(blockText);
            if (cidr == null) continue;
            Optional<KeyValue> kv = get(Keys.block(cidr));
            if (kv.isEmpty()) continue;
            AllocationBlock b = AllocationBlock.fromJson(kv.get().value(), kv.get().revision());
            for (int o : b.ordinalsOfHandle(handleId)) out.add(b.ipOf(o));
        }
        return out;
    }

    public List<Handle> handles() {
        List<KeyValue> kvs = list(Keys.HANDLES);
        return (kvs.size() > PARALLEL_THRESHOLD ? kvs.parallelStream() : kvs.stream())
                .map(kv -> Handle.fromJson(kv.key().substring(Keys.HANDLES.length()), kv.value(), kv.revision())).toList();
    }

    // ------------------------------------------------------------ assign one address

    /** Assigns one given address to a handle; the block is claimed for the node when it does not exist yet. */
    public void assignIp(IpAddress ip, String handleId, Map<String, String> attrs, String node) {
        List<IpPool> pools = pools();
        IpPool pool = poolContaining(pools, ip);
        if (pool == null) throw new IpamException("The provided IP address " + ip + " is not in a configured pool");
        if (reservations().matches(ip)) throw new IpamException("IP address " + ip + " is reserved by an IPReservation");
        IpamConfig config = config();
        Cidr blockCidr = new Cidr(ip, pool.blockSize()).masked();
        for (int i = 0; i < RETRIES; i++) {
            List<List<KeyValue>> got = ds.read(List.of(Datastore.Read.key(Keys.block(blockCidr)), Datastore.Read.key(Keys.handle(handleId))));
            Optional<KeyValue> cur = got.get(0).stream().findFirst();
            KeyValue handleKv = got.get(1).isEmpty() ? null : got.get(1).get(0);
            AllocationBlock b;
            if (cur.isEmpty()) {
                if (node == null) throw new IpamException("block " + blockCidr + " does not exist yet; give --node to claim it");
                String affKey = Keys.affinity(node, blockCidr);
                try { create(affKey, affinityJson("pending")); } catch (DatastoreException.AlreadyExists ignored) { /* finish below */ }
                b = AllocationBlock.create(blockCidr, "host:" + node, now(), initialSequence());
                try {
                    b.revision = create(Keys.block(blockCidr), b.toJson()).revision();
                } catch (DatastoreException.AlreadyExists e) {
                    stats.conflicts.incrementAndGet();
                    continue;
                }
                confirmAffinity(affKey, null);
            } else {
                b = new BlockRules(config.ipCooldownSeconds(), null).load(cur.get());
                if (config.strictAffinity() && node != null && !("host:" + node).equals(b.affinity)) {
                    throw new IpamException("Block host affinity does not match");
                }
            }
            int ordinal = b.ordinalOf(ip);
            if (!b.assign(ordinal, handleId, attrs)) throw new IpamException("Address already assigned in block: " + ip);
            if (commitBlockAndHandle(b, handleId, 1, handleKv)) return;
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    // ------------------------------------------------------------ release

    /** What to release: an address, optionally only if it still belongs to a handle / sequence number. */
    public record ReleaseOptions(IpAddress address, String handle, Long sequenceNumber) {}

    /** What a release did: addresses that were not allocated, and per-block failures (other blocks still went ahead). */
    public record ReleaseOutcome(List<IpAddress> unallocated, List<IpAddress> released, List<String> errors) {}

    /** Releases addresses; throws on the first failure. Returns the addresses that were not allocated. */
    public List<IpAddress> releaseIps(List<ReleaseOptions> opts) {
        ReleaseOutcome o = release(opts);
        if (!o.errors().isEmpty()) throw new IpamException(o.errors().get(0));
        return o.unallocated();
    }

    /** Releases addresses block by block; a block that fails does not stop the others. */
    public ReleaseOutcome release(List<ReleaseOptions> opts) {
        List<IpPool> pools = pools();
        Map<Cidr, List<ReleaseOptions>> byBlock = new LinkedHashMap<>();
        List<IpAddress> unallocated = new ArrayList<>();
        List<IpAddress> released = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<KeyValue> allBlocks = null;
        int cooldown = config().ipCooldownSeconds();
        for (ReleaseOptions o : opts) {
            IpPool pool = poolContaining(pools, o.address());
            Cidr block = null;
            if (pool != null) block = new Cidr(o.address(), pool.blockSize()).masked();
            else {
                if (allBlocks == null) allBlocks = list(Keys.blockPrefix(o.address().version()));
                for (KeyValue kv : allBlocks) {
                    Cidr c = Keys.cidrFromKey(kv.key());
                    if (c.contains(o.address())) block = c;
                }
            }
            if (block == null) unallocated.add(o.address());
            else byBlock.computeIfAbsent(block, k -> new ArrayList<>()).add(o);
        }
        for (Map.Entry<Cidr, List<ReleaseOptions>> e : byBlock.entrySet()) {
            try {
                List<IpAddress> missing = releaseFromBlock(e.getKey(), e.getValue(), cooldown);
                unallocated.addAll(missing);
                for (ReleaseOptions o : e.getValue()) if (!missing.contains(o.address())) released.add(o.address());
            } catch (IpamException ex) {
                errors.add(ex.getMessage());
            }
        }
        return new ReleaseOutcome(unallocated, released, errors);
    }

    private List<IpAddress> releaseFromBlock(Cidr cidr, List<ReleaseOptions> opts, int cooldown) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<KeyValue> cur = get(Keys.block(cidr));
            List<IpAddress> notAllocated = new ArrayList<>();
            if (cur.isEmpty()) {
                for (ReleaseOptions o : opts) notAllocated.add(o.address());
                return notAllocated;
            }
            AllocationBlock b = new BlockRules(cooldown, null).load(cur.get());
            List<Integer> ordinals = new ArrayList<>();
            Map<String, Integer> countByHandle = new LinkedHashMap<>();
            for (ReleaseOptions o : opts) {
                int ord = b.ordinalOf(o.address());
                Attribute a = b.isCoolingDown(ord) ? null : b.attributeOf(ord);
                if (a == null || ordinals.contains(ord)) {
                    if (a == null) notAllocated.add(o.address());
                    continue;
                }
                if (o.sequenceNumber() != null && o.sequenceNumber() != b.sequenceNumberOf(ord)) {
                    throw new IpamException("update conflict: " + o.address() + ": sequence number " + o.sequenceNumber()
                            + " does not match the block's (" + b.sequenceNumberOf(ord) + "); the address was re-used since the report");
                }
                String h = a.sanitizedHandle();
                if (o.handle() != null && !o.handle().isEmpty() && !o.handle().equals(h)) {
                    throw new IpamException("update conflict: " + o.address() + " belongs to handle " + h + ", not " + o.handle());
                }
                ordinals.add(ord);
                if (h != null) countByHandle.merge(h, 1, Integer::sum);
            }
            if (ordinals.isEmpty()) return notAllocated;
            b.release(ordinals, cooldown, Instant.now());
            b.sequenceNumber++;
            try {
                if (b.empty()) removeEmptyBlock(b);
                else update(Keys.block(cidr), b.toJson(), b.revision);
            } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
                stats.conflicts.incrementAndGet();
                continue;
            }
            for (Map.Entry<String, Integer> h : countByHandle.entrySet()) decrementHandle(h.getKey(), cidr, h.getValue());
            return notAllocated;
        }
        throw new IpamException("Max retries hit - excessive concurrent IPAM requests");
    }

    /** An empty block goes, with its affinity: affinity marked pendingDeletion, block deleted (CAS), affinity deleted. */
    private void removeEmptyBlock(AllocationBlock b) {
        String host = b.affinity != null && b.affinity.startsWith("host:") ? b.host() : null;
        String affKey = host == null ? null : Keys.affinity(host, b.cidr);
        if (affKey != null) {
            Optional<KeyValue> aff = get(affKey);
            if (aff.isPresent()) {
                try { update(affKey, affinityJson("pendingDeletion"), aff.get().revision()); } catch (DatastoreException.Conflict | DatastoreException.NotFound ignored) {
                    stats.conflicts.incrementAndGet();
                }
            }
        }
        try {
            delete(Keys.block(b.cidr), b.revision);
        } catch (DatastoreException e) {
            // the block changed under us: put the affinity back as it was and let the caller retry
            if (affKey != null) get(affKey).ifPresent(kv -> { try { update(affKey, affinityJson("confirmed"), kv.revision()); } catch (DatastoreException ignored) { } });
            throw e;
        }
        if (affKey != null) get(affKey).ifPresent(kv -> { try { delete(affKey, kv.revision()); } catch (DatastoreException ignored) { stats.conflicts.incrementAndGet(); } });
    }

    private boolean releaseEmptyBlock(Cidr cidr, long revision) {
        Optional<KeyValue> cur = get(Keys.block(cidr));
        if (cur.isEmpty() || cur.get().revision() != revision) return false;
        AllocationBlock b = AllocationBlock.fromJson(cur.get().value(), cur.get().revision());
        if (!b.empty()) return false;
        try {
            removeEmptyBlock(b);
            return true;
        } catch (DatastoreException e) {
            return false;
        }
    }

    /** The addresses a handle holds now, block by block (what {@link #releaseByHandle} would release). */
    public List<IpAddress> addressesOfHandle(String handleId) {
        Handle h = handle(handleId).orElseThrow(() -> new IpamException("resource does not exist: IPAMHandle(" + handleId + ")"));
        List<IpAddress> out = new ArrayList<>();
        for (String blockText : h.blocks.keySet()) {
            Optional<KeyValue> cur = get(Keys.block(Cidr.parse(blockText)));
            if (cur.isEmpty()) continue;
            AllocationBlock b = AllocationBlock.fromJson(cur.get().value(), cur.get().revision());
            for (int o : b.ordinalsOfHandle(handleId)) out.add(b.ipOf(o));
        }
        return out;
    }

    /** Releases every address of a handle; returns how many were released. */
    public int releaseByHandle(String handleId) {
        return releaseHandle(handleId).size();
    }

    /** Releases every address of a handle and deletes the handle; returns the addresses released. */
    public List<IpAddress> releaseHandle(String handleId) {
        Handle h = handle(handleId).orElseThrow(() -> new IpamException("resource does not exist: IPAMHandle(" + handleId + ")"));
        List<IpAddress> released = new ArrayList<>();
        int cooldown = config().ipCooldownSeconds();
        for (String blockText : new ArrayList<>(h.blocks.keySet())) {
            Cidr cidr = Cidr.parse(blockText);
            Optional<KeyValue> cur = get(Keys.block(cidr));
            if (cur.isEmpty()) {
                decrementHandle(handleId, cidr, h.blocks.get(blockText));
                continue;
            }
            AllocationBlock b = AllocationBlock.fromJson(cur.get().value(), cur.get().revision());
            List<ReleaseOptions> opts = new ArrayList<>();
            for (int o : b.ordinalsOfHandle(handleId)) opts.add(new ReleaseOptions(b.ipOf(o), handleId, null));
            List<IpAddress> notAllocated = releaseFromBlock(cidr, opts, cooldown);
            for (ReleaseOptions o : opts) if (!notAllocated.contains(o.address())) released.add(o.address());
        }
        // any count left on the handle has no allocation behind it
        handle(handleId).ifPresent(rest -> {
            try { delete(Keys.handle(handleId), rest.revision); } catch (DatastoreException ignored) { stats.conflicts.incrementAndGet(); }
        });
        return released;
    }

    // ------------------------------------------------------------ reading

    /** A listed block, its key named when its value cannot be decoded. */
    private static AllocationBlock decodeBlock(KeyValue kv, boolean withAttributes) {
        try {
            return AllocationBlock.fromJson(kv.value(), kv.revision(), withAttributes);
        } catch (dev.calicoctl.model.CalicoException e) {
            throw new IpamException("cannot decode the stored value of " + kv.key() + ": " + e.getMessage());
        }
    }

    /** Every block, decoded. */
    public List<AllocationBlock> blocks() { return blocks(true); }

    /** Every block; without attributes when only usage counts are wanted (much faster on big stores). */
    public List<AllocationBlock> blocks(boolean withAttributes) {
        List<AllocationBlock> out = new ArrayList<>();
        for (int v : new int[]{4, 6}) {
            List<KeyValue> kvs = list(Keys.blockPrefix(v));
            // decoding dominates on big stores: use every core (order is kept)
            out.addAll((kvs.size() > PARALLEL_THRESHOLD ? kvs.parallelStream() : kvs.stream())
                    .map(kv -> decodeBlock(kv, withAttributes)).toList());
        }
        return out;
    }

    private static final int PARALLEL_THRESHOLD = 2_000;

    /** The block holding an address, or empty. */
    public Optional<AllocationBlock> blockOf(IpAddress ip) {
        IpPool pool = poolContaining(pools(), ip);
        if (pool != null) {
            Cidr c = new Cidr(ip, pool.blockSize()).masked();
            return get(Keys.block(c)).map(kv -> AllocationBlock.fromJson(kv.value(), kv.revision()));
        }
        for (KeyValue kv : list(Keys.blockPrefix(ip.version()))) {
            if (Keys.cidrFromKey(kv.key()).contains(ip)) return Optional.of(AllocationBlock.fromJson(kv.value(), kv.revision()));
        }
        return Optional.empty();
    }

    /** One block affinity key: which host claims which block, in which state, at which revision. */
    public record Affinity(String host, Cidr block, String state, long revision) {}

    /** Every host block affinity. */
    public List<Affinity> affinities() {
        List<Affinity> out = new ArrayList<>();
        String prefix = Keys.IPAM + "host/";
        for (KeyValue kv : list(prefix)) {
            String rest = kv.key().substring(prefix.length());
            String host = rest.substring(0, rest.indexOf('/'));
            String state = String.valueOf(Json.parseObject(kv.value()).get("state"));
            out.add(new Affinity(host, Keys.cidrFromKey(kv.key()), state, kv.revision()));
        }
        return out;
    }

    /** Deletes an affinity if it is still at {@code revision} (repair of one whose block is gone). */
    public boolean deleteAffinity(String host, Cidr block, long revision) {
        try {
            delete(Keys.affinity(host, block), revision);
            return true;
        } catch (DatastoreException.Conflict | DatastoreException.NotFound e) {
            return false;
        }
    }
}
