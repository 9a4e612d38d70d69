package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
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

    public static List<PoolUsage> compute(List<IpPool> pools, List<AllocationBlock> blocks, Reservations reservations) {
        List<PoolUsage> out = new ArrayList<>();
        List<AllocationBlock> orphans = new ArrayList<>(blocks);
        List<IpPool> sorted = new ArrayList<>(pools);
        sorted.sort(Comparator.comparing(IpPool::name));
        for (IpPool p : sorted) {
            Cidr pc = p.cidr().masked();
            List<Usage> rows = new ArrayList<>();
            long inUse = 0, allocatedReserved = 0;
            for (AllocationBlock b : blocks) {
                if (!pc.contains(b.cidr())) continue;
                orphans.remove(b);
                int allocated = b.allocatedCount();
                inUse += allocated;
                if (reservations.matchesSome(b.cidr())) {
                    for (int o = 0; o < b.numAddresses(); o++) if (b.isAllocated(o) && reservations.matches(b.ipOf(o))) allocatedReserved++;
                }
                rows.add(new Usage(b.cidr(), b.numAddresses(), allocated, b.numReserved(reservations), b.numFree(reservations)));
            }
            rows.sort(Comparator.comparing(u -> u.cidr().network()));
            long capacity = pc.size();
            long reserved = reservedIn(pc, reservations);
            long free = Math.max(0, capacity - reserved - (inUse - allocatedReserved));
            out.add(new PoolUsage(p, new Usage(pc, capacity, inUse, reserved, free), rows));
        }
        if (!orphans.isEmpty()) {
            List<Usage> rows = new ArrayList<>();
            for (AllocationBlock b : orphans) {
                rows.add(new Usage(b.cidr(), b.numAddresses(), b.allocatedCount(), b.numReserved(reservations), b.numFree(reservations)));
            }
            rows.sort(Comparator.comparing(u -> u.cidr().network()));
            out.add(new PoolUsage(null, null, rows));
        }
        return out;
    }

    /** How many addresses of {@code pool} some reservation covers, counting overlaps once. */
    static long reservedIn(Cidr pool, Reservations reservations) {
        List<long[]> ranges = new ArrayList<>();
        for (Cidr r : reservations.cidrs()) {
            if (!r.overlaps(pool)) continue;
            Cidr clipped = r.contains(pool) ? pool : r;
            long start = offset(pool, clipped), size = clipped.size();
            ranges.add(new long[]{start, start + size});
        }
        ranges.sort(Comparator.comparingLong(a -> a[0]));
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

    private static long offset(Cidr pool, Cidr inner) {
        return inner.network().minus(pool.network());
    }
}
