package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Comparators;
import dev.calicoctl.model.IpPool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-pool and per-block address counts for `ipam show` (upstream GetUtilization): capacity, in
 * use, reserved by IPReservations, and free = neither. Pool counts cover the whole pool CIDR,
 * including space no block covers yet; reservations are merged as a set, never summed.
 */
public final class Utilization {
    private Utilization() {}

    public record Usage(Cidr cidr, long capacity, long inUse, long reserved, long free) {}

    /** One pool (null pool for blocks outside every pool) and its blocks. */
    public record PoolUsage(IpPool pool, Usage usage, List<Usage> blocks) {}

    /*
     * `ipam show` runs this once, in the bytecode interpreter (the command is over before the JIT
     * compiles anything), so it avoids what costs there: Comparator.comparing (a serializable
     * lambda, spun into a class at run time; model/Comparators instead), repeated name and CIDR lookups, list removals.
     */

    public static List<PoolUsage> compute(List<IpPool> pools, List<AllocationBlock> blocks, Reservations reservations) {
        List<PoolUsage> out = new ArrayList<>(pools.size() + 1);
        boolean[] inSomePool = new boolean[blocks.size()];
        for (NamedPool np : byName(pools)) {
            IpPool p = np.pool();
            Cidr pc = p.cidr().masked();
            List<Usage> rows = new ArrayList<>();
            long inUse = 0, allocatedReserved = 0;
            for (int i = 0; i < blocks.size(); i++) {
                AllocationBlock b = blocks.get(i);
                if (!pc.contains(b.cidr())) continue;
                inSomePool[i] = true;
                int allocated = b.allocatedCount();
                inUse += allocated;
                if (reservations.matchesSome(b.cidr())) {
                    for (int o = 0; o < b.numAddresses(); o++) if (b.isAllocated(o) && reservations.matches(b.ipOf(o))) allocatedReserved++;
                }
                rows.add(blockUsage(b, allocated, reservations));
            }
            if (rows.size() > 1) rows.sort(BY_NETWORK);
            long capacity = pc.size();
            long reserved = reservedIn(pc, reservations);
            long free = Math.max(0, capacity - reserved - (inUse - allocatedReserved));
            out.add(new PoolUsage(p, new Usage(pc, capacity, inUse, reserved, free), rows));
        }
        List<Usage> orphans = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (!inSomePool[i]) orphans.add(blockUsage(blocks.get(i), blocks.get(i).allocatedCount(), reservations));
        }
        if (!orphans.isEmpty()) {
            if (orphans.size() > 1) orphans.sort(BY_NETWORK);
            out.add(new PoolUsage(null, null, orphans));
        }
        return out;
    }

    private static Usage blockUsage(AllocationBlock b, int allocated, Reservations reservations) {
        return new Usage(b.cidr(), b.numAddresses(), allocated, b.numReserved(reservations), b.numFree(reservations));
    }

    private record NamedPool(String name, IpPool pool) {}

    /** The pools by name (a stable sort), each name read once. */
    private static List<NamedPool> byName(List<IpPool> pools) {
        List<NamedPool> named = new ArrayList<>(pools.size());
        for (IpPool p : pools) named.add(new NamedPool(p.name(), p));
        named.sort(BY_NAME);
        return named;
    }

    private static final Comparator<NamedPool> BY_NAME = Comparators.by(NamedPool::name);
    private static final Comparator<Usage> BY_NETWORK = Comparators.by(u -> u.cidr().network());

    /** How many addresses of {@code pool} some reservation covers, counting overlaps once. */
    static long reservedIn(Cidr pool, Reservations reservations) {
        List<long[]> ranges = new ArrayList<>();
        for (Cidr r : reservations.cidrs()) {
            if (!r.overlaps(pool)) continue;
            Cidr clipped = r.contains(pool) ? pool : r;
            long start = offset(pool, clipped), size = clipped.size();
            ranges.add(new long[]{start, start + size});
        }
        if (ranges.isEmpty()) return 0;
        ranges.sort(BY_START);
        long total = 0, curStart = -1, curEnd = -1;
        for (long[] r : ranges) {
            if (r[0] > curEnd) {
                total += curEnd - curStart;
                curStart = r[0];
                curEnd = r[1];
            } else curEnd = Math.max(curEnd, r[1]);
        }
        total += curEnd - curStart;
        return total;
    }

    private static final Comparator<long[]> BY_START = Comparators.byLong(r -> r[0]);

    private static long offset(Cidr pool, Cidr inner) {
        return inner.network().minus(pool.network());
    }
}
