package dev.calicoctl.ipam;

import dev.calicoctl.model.Comparators;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;

import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands addresses out (libcalico-go's autoAssign and AssignIP): from the host's own blocks first,
 * then from blocks it claims, then (strict affinity off) borrowed from other hosts' blocks. On a
 * shortfall whatever was assigned is released again.
 */
final class AutoAssigner {
    private final IpamStore store;
    private final Retry retry;
    private final BlockWriter writer;
    private final BlockClaims claims;
    private final Releaser releaser;
    private final Clock clock;

    AutoAssigner(IpamStore store, Retry retry, BlockWriter writer, BlockClaims claims, Releaser releaser, Clock clock) {
        this.store = store;
        this.retry = retry;
        this.writer = writer;
        this.claims = claims;
        this.releaser = releaser;
        this.clock = clock;
    }

    Ipam.AssignResult autoAssign(AutoAssignRequest req) {
        if (req.node() == null || req.node().isEmpty()) throw new IpamException("a node name is required");
        if (req.handleId() == null || req.handleId().isEmpty()) throw new IpamException("a handle ID is required");
        // everything the request depends on, in one round trip
        IpamStore.AssignInputs in = store.assignInputs(req.node());
        List<IpAddress> v4 = assignFamily(4, req.num4(), req.ipv4Pools(), req, in);
        List<IpAddress> v6;
        try {
            v6 = assignFamily(6, req.num6(), req.ipv6Pools(), req, in);
        } catch (IpamException e) {
            rollback(v4, req.handleId());
            throw e;
        }
        return new Ipam.AssignResult(v4, v6);
    }

    private void rollback(List<IpAddress> ips, String handle) {
        if (ips.isEmpty()) return;
        List<Ipam.ReleaseOptions> opts = new ArrayList<>();
        for (IpAddress ip : ips) opts.add(new Ipam.ReleaseOptions(ip, handle, null));
        releaser.releaseIps(opts);
    }

    private List<IpAddress> assignFamily(int version, int num, List<String> requested, AutoAssignRequest req, IpamStore.AssignInputs in) {
        List<IpAddress> got = new ArrayList<>();
        if (num <= 0) return got;
        IpamConfig config = in.config();
        Reservations reservations = in.reservations();
        List<IpPool> pools = PoolSelection.choose(version, requested, req, in.pools(), in.nodeLabels());
        BlockRules rules = new BlockRules(config.ipCooldownSeconds(), req.hostReservation(), clock);
        String host = req.node();
        Deque<Ipam.Affinity> affine = new ArrayDeque<>(ownBlocksInOrder(in.affinities(version), pools, host));
        int owned = affine.size();
        int limit = config.effectiveBlockLimit();
        List<String> messages = new ArrayList<>();
        boolean blockLimitHit = false;
        try {
            while (got.size() < num) {
                AllocationBlock b = null;
                while (b == null && !affine.isEmpty()) {
                    Ipam.Affinity a = affine.poll();
                    if (reservations.matchesWhole(a.block())) continue;
                    b = claims.blockForAffinity(a, rules);
                    if (b != null && b.numFree(reservations) < 1) b = null;
                }
                if (b == null) {
                    if (owned >= limit) {
                        blockLimitHit = true;
                        messages.add("Need to allocate an IPAM block but could not - limit of " + limit + " blocks reached for this node");
                        break;
                    }
                    if (!config.autoAllocateBlocks()) break;
                    b = claims.claimNewBlock(pools, host, version, reservations, rules);
                    if (b == null) {
                        if (config.strictAffinity()) messages.add("No more free affine blocks and strict affinity enabled");
                        break;
                    }
                    owned++;
                }
                got.addAll(assignFromBlock(b, num - got.size(), req, reservations, host, rules));
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

    /**
     * This host's blocks in the chosen pools, latest claimed first (the last along its walk of each
     * pool): in the steady state that one has room, so one affinity and one block read find it.
     */
    private static List<Ipam.Affinity> ownBlocksInOrder(List<Ipam.Affinity> affinities, List<IpPool> pools, String host) {
        List<Ipam.Affinity> mine = new ArrayList<>();
        Map<Ipam.Affinity, BigInteger> position = new HashMap<>();
        for (Ipam.Affinity a : affinities) {
            for (int pi = 0; pi < pools.size(); pi++) {
                IpPool p = pools.get(pi);
                if (!p.cidr().contains(a.block())) continue;
                mine.add(a);
                position.put(a, BigInteger.valueOf(pi).shiftLeft(130).subtract(new BlockOrder(p.cidr(), p.blockSize(), host).positionOf(a.block())));
                break;
            }
        }
        mine.sort(Comparators.by(position::get));
        return mine;
    }

    /** Borrows from other hosts' blocks (strict affinity off): one listing, walked in this host's order. */
    private void borrow(List<IpPool> pools, String host, int version, int num, List<IpAddress> got, AutoAssignRequest req,
                        Reservations reservations, List<String> messages, BlockRules rules) {
        List<StoredBlock> all = store.listBlocks(version);
        List<String> exhausted = new ArrayList<>();
        for (IpPool pool : pools) {
            if (got.size() >= num) break;
            BlockOrder order = new BlockOrder(pool.cidr(), pool.blockSize(), host);
            List<AllocationBlock> candidates = new ArrayList<>();
            for (StoredBlock s : all) {
                if (!pool.cidr().contains(s.cidr()) || s.full()) continue;
                AllocationBlock b = rules.load(s);
                if (b.numFree(reservations) > 0) candidates.add(b);
            }
            candidates.sort(Comparators.by(b -> order.positionOf(b.cidr)));
            for (AllocationBlock b : candidates) {
                if (got.size() >= num) break;
                got.addAll(assignFromBlock(b, num - got.size(), req, reservations, null, rules));
            }
            if (got.size() < num) exhausted.add(pool.cidrText());
        }
        if (!exhausted.isEmpty()) messages.add("No IPs available in pools: " + exhausted);
    }

    /**
     * Takes up to {@code num} addresses from one block ({@code requiredHost}: only while the block is
     * still that host's). Most handles are new: the first attempt assumes so and reads nothing more;
     * after a lost race the block and the handle are read again together.
     */
    private List<IpAddress> assignFromBlock(AllocationBlock first, int num, AutoAssignRequest req, Reservations reservations,
                                            String requiredHost, BlockRules rules) {
        Map<String, String> attrs = new LinkedHashMap<>(req.attributes());
        String handleId = req.handleId();
        return retry.until(attempt -> {
            AllocationBlock b = first;
            Handle h = new Handle(handleId);
            if (attempt > 0) {
                IpamStore.BlockAndHandle fresh = store.blockAndHandle(first.cidr, handleId);
                b = fresh.block().map(rules::load).orElse(null);
                h = fresh.handle().orElse(h);
            }
            if (b == null) return List.of();
            if (requiredHost != null && !b.affineTo(requiredHost)) return List.of();
            List<IpAddress> ips = b.autoAssign(num, handleId, attrs, reservations);
            if (!ips.isEmpty()) writer.assigned(b, h, ips.size());
            return ips;
        });
    }

    /** Assigns one given address to a handle; the block is claimed for the node when it does not exist yet. */
    void assignIp(IpAddress ip, String handleId, Map<String, String> attrs, String node) {
        IpPool pool = Ipam.poolContaining(store.pools(), ip);
        if (pool == null) throw new IpamException("The provided IP address " + ip + " is not in a configured pool");
        if (store.reservations().matches(ip)) throw new IpamException("IP address " + ip + " is reserved by an IPReservation");
        IpamConfig config = store.config();
        BlockRules rules = new BlockRules(config.ipCooldownSeconds(), null, clock);
        Cidr blockCidr = new Cidr(ip, pool.blockSize()).masked();
        retry.until(attempt -> {
            IpamStore.BlockAndHandle got = store.blockAndHandle(blockCidr, handleId);
            AllocationBlock b;
            if (got.block().isEmpty()) {
                if (node == null) throw new IpamException("block " + blockCidr + " does not exist yet; give --node to claim it");
                try { store.createAffinity(node, blockCidr, AffinityState.PENDING); } catch (DatastoreException.AlreadyExists ignored) { /* finish below */ }
                b = rules.newBlock(blockCidr, node);
                store.createBlock(b);
                claims.confirm(node, blockCidr, null);
            } else {
                b = rules.load(got.block().get());
                if (config.strictAffinity() && node != null && !b.affineTo(node)) throw new IpamException("Block host affinity does not match");
            }
            if (!b.assign(b.ordinalOf(ip), handleId, attrs)) throw new IpamException("Address already assigned in block: " + ip);
            writer.assigned(b, got.handle().orElseGet(() -> new Handle(handleId)), 1);
            return null;
        });
    }
}
