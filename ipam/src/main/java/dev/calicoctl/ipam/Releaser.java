package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes addresses back (libcalico-go's ReleaseIPs and ReleaseByHandle): block by block, each block
 * written with its handles' counts as {@link BlockWriter} does (one commit where the backend can).
 * With a cooldown configured, a released address stays out of use until it is over.
 */
final class Releaser {
    private final IpamStore store;
    private final Retry retry;
    private final BlockWriter writer;
    private final Clock clock;

    Releaser(IpamStore store, Retry retry, BlockWriter writer, Clock clock) {
        this.store = store;
        this.retry = retry;
        this.writer = writer;
        this.clock = clock;
    }

    /** Releases addresses; throws on the first failure. Returns the addresses that were not allocated. */
    List<IpAddress> releaseIps(List<Ipam.ReleaseOptions> opts) {
        Ipam.ReleaseOutcome o = release(opts);
        if (!o.errors().isEmpty()) throw new IpamException(o.errors().get(0));
        return o.unallocated();
    }

    /** Releases addresses block by block; a block that fails does not stop the others. */
    Ipam.ReleaseOutcome release(List<Ipam.ReleaseOptions> opts) {
        List<IpPool> pools = store.pools();
        Map<Cidr, List<Ipam.ReleaseOptions>> byBlock = new LinkedHashMap<>();
        List<IpAddress> unallocated = new ArrayList<>();
        List<IpAddress> released = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<Integer, List<StoredBlock>> listed = new LinkedHashMap<>();
        BlockRules rules = rules();
        for (Ipam.ReleaseOptions o : opts) {
            IpPool pool = Ipam.poolContaining(pools, o.address());
            Cidr block = null;
            if (pool != null) block = new Cidr(o.address(), pool.blockSize()).masked();
            else {
                // outside every pool: the block is found by listing (once per IP version)
                for (StoredBlock s : listed.computeIfAbsent(o.address().version(), store::listBlocks)) {
                    if (s.cidr().contains(o.address())) block = s.cidr();
                }
            }
            if (block == null) unallocated.add(o.address());
            else byBlock.computeIfAbsent(block, k -> new ArrayList<>()).add(o);
        }
        for (Map.Entry<Cidr, List<Ipam.ReleaseOptions>> e : byBlock.entrySet()) {
            try {
                List<IpAddress> missing = releaseFromBlock(e.getKey(), e.getValue(), rules);
                unallocated.addAll(missing);
                for (Ipam.ReleaseOptions o : e.getValue()) if (!missing.contains(o.address())) released.add(o.address());
            } catch (IpamException ex) {
                errors.add(ex.getMessage());
            }
        }
        return new Ipam.ReleaseOutcome(unallocated, released, errors);
    }

    private BlockRules rules() { return new BlockRules(store.config().ipCooldownSeconds(), null, clock); }

    /** Releases addresses of one block; returns those that were not allocated. */
    private List<IpAddress> releaseFromBlock(Cidr cidr, List<Ipam.ReleaseOptions> opts, BlockRules rules) {
        return retry.until(attempt -> {
            Optional<AllocationBlock> cur = store.block(cidr);
            List<IpAddress> notAllocated = new ArrayList<>();
            if (cur.isEmpty()) {
                for (Ipam.ReleaseOptions o : opts) notAllocated.add(o.address());
                return notAllocated;
            }
            AllocationBlock b = rules.load(cur.get());
            List<Integer> ordinals = new ArrayList<>();
            Map<String, Integer> countByHandle = new LinkedHashMap<>();
            for (Ipam.ReleaseOptions o : opts) {
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
            b.release(ordinals, rules.cooldownSeconds(), clock.instant());
            b.sequenceNumber++;
            writer.released(b, countByHandle, b.empty());
            return notAllocated;
        });
    }

    /** Releases every address of a handle and deletes the handle; returns the addresses released. */
    List<IpAddress> releaseHandle(String handleId) {
        Handle h = store.handle(handleId).orElseThrow(() -> Ipam.noSuchHandle(handleId));
        List<IpAddress> released = new ArrayList<>();
        BlockRules rules = rules();
        for (Map.Entry<String, Integer> counted : h.blocks.entrySet()) {
            Cidr cidr = Cidr.parse(counted.getKey());
            Optional<AllocationBlock> cur = store.block(cidr);
            if (cur.isEmpty()) {
                writer.decrementHandle(handleId, cidr, counted.getValue());
                continue;
            }
            List<Ipam.ReleaseOptions> opts = new ArrayList<>();
            for (int o : cur.get().ordinalsOfHandle(handleId)) opts.add(new Ipam.ReleaseOptions(cur.get().ipOf(o), handleId, null));
            List<IpAddress> notAllocated = releaseFromBlock(cidr, opts, rules);
            for (Ipam.ReleaseOptions o : opts) if (!notAllocated.contains(o.address())) released.add(o.address());
        }
        // any count left on the handle has no allocation behind it
        // (a datastore that is down here is reported: the handle would otherwise be left while we say released)
        store.handle(handleId).ifPresent(rest -> retry.onceUnlessDown(() -> store.deleteHandle(handleId, rest.revision)));
        return released;
    }
}
