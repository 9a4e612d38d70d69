package dev.calicoctl.ipam;

import dev.calicoctl.model.Comparators;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * `ipam show --map`: each pool as a row-major grid of its block slots, every slot in one state.
 * A pool with more than {@link #MAX_CELLS} block slots (big IPv6 pools) is drawn with each cell
 * standing for a run of 2^k slots, shown in the busiest state among them.
 */
public final class BlockMap {
    private BlockMap() {}

    public static final int MAX_CELL_BITS = 10;
    public static final int MAX_CELLS = 1 << MAX_CELL_BITS;

    /** From idle to busy: a cell covering several blocks shows the highest. */
    public enum State {
        /** no block claimed here yet */
        UNCLAIMED,
        /** claimed by a node, nothing in use */
        EMPTY,
        /** IPReservations hold some of its addresses and nothing else is in use */
        RESERVED,
        /** some addresses in use, some free */
        PARTIAL,
        /** no free address left */
        FULL,
        /** addresses in use by nodes other than the block's owner (or the block has no owner) */
        BORROWED
    }

    /** One cell: the range it covers, its state, the owning node (null when none or several), the counts. */
    public record Cell(Cidr range, State state, String node, long inUse, long capacity, int blocks) {}

    /** One pool's grid; {@code blocksPerCell} is 1 unless the pool has more than MAX_CELLS block slots. */
    public record PoolMap(IpPool pool, Cidr cidr, int blockSize, BigInteger blockSlots, BigInteger blocksPerCell, List<Cell> cells) {}

    public static List<PoolMap> compute(List<IpPool> pools, List<AllocationBlock> blocks, Reservations reservations) {
        List<IpPool> sorted = new ArrayList<>(pools);
        sorted.sort(Comparators.by(IpPool::name));
        List<PoolMap> out = new ArrayList<>();
        for (IpPool p : sorted) out.add(poolMap(p, blocks, reservations));
        return out;
    }

    static PoolMap poolMap(IpPool p, List<AllocationBlock> blocks, Reservations reservations) {
        Cidr pc = p.cidr().masked();
        int blockSize = Math.max(p.blockSize(), pc.prefix());
        int slotBits = blockSize - pc.prefix();
        int cellBits = Math.min(slotBits, MAX_CELL_BITS);
        int cellPrefix = pc.prefix() + cellBits;
        int shift = pc.version() == 4 ? 32 - cellPrefix : 128 - cellPrefix;
        int n = 1 << cellBits;
        State[] state = new State[n];
        String[] node = new String[n];
        boolean[] mixedNodes = new boolean[n];
        long[] inUse = new long[n];
        int[] count = new int[n];
        for (AllocationBlock b : blocks) {
            if (!pc.contains(b.cidr())) continue;
            int i = index(b.cidr().network(), pc, cellBits, shift);
            State s = stateOf(b, reservations);
            state[i] = state[i] == null || s.compareTo(state[i]) > 0 ? s : state[i];
            String host = b.affinity() == null ? null : b.host();
            if (count[i] > 0 && !java.util.Objects.equals(node[i], host)) mixedNodes[i] = true;
            node[i] = host;
            inUse[i] += b.allocatedCount();
            count[i]++;
        }
        List<Cell> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Cidr range = new Cidr(pc.network().plusShifted(i, shift), cellPrefix);
            State s = state[i];
            if (s == null) s = Utilization.reservedIn(range, reservations) > 0 ? State.RESERVED : State.UNCLAIMED;
            else if (s == State.EMPTY && Utilization.reservedIn(range, reservations) > 0) s = State.RESERVED;
            cells.add(new Cell(range, s, mixedNodes[i] ? null : node[i], inUse[i], range.size(), count[i]));
        }
        BigInteger slots = BigInteger.ONE.shiftLeft(slotBits);
        return new PoolMap(p, pc, blockSize, slots, BigInteger.ONE.shiftLeft(slotBits - cellBits), cells);
    }

    /** Which cell of the pool's grid a block falls in: the cellBits bits after the pool prefix. */
    private static int index(IpAddress blockNet, Cidr pool, int cellBits, int shift) {
        if (cellBits == 0) return 0;
        BigInteger v = blockNet.version() == 4 ? BigInteger.valueOf(blockNet.lo())
                : new BigInteger(Long.toUnsignedString(blockNet.hi())).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(blockNet.lo())));
        return v.shiftRight(shift).intValue() & ((1 << cellBits) - 1);
    }

    /** A block's state, from its allocations and the reservations that cover it. */
    public static State stateOf(AllocationBlock b, Reservations reservations) {
        int used = b.allocatedCount();
        if (used > 0) {
            String owner = b.affinity() == null ? null : b.host();
            if (owner == null) return State.BORROWED;
            for (int o = 0; o < b.numAddresses(); o++) {
                if (!b.isAllocated(o)) continue;
                Attribute a = b.attributeOf(o);
                String n = a == null ? null : a.secondary().get("node");
                if (n != null && !n.equals(owner)) return State.BORROWED;
            }
            return b.numFree(reservations) == 0 ? State.FULL : State.PARTIAL;
        }
        return b.numReserved(reservations) > 0 ? State.RESERVED : State.EMPTY;
    }
}
