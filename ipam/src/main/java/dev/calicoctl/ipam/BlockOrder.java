package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order in which a host walks a pool's blocks, exactly as Calico's randomBlockGenerator:
 * a start index drawn by Go's {@code big.Int.Rand} from Go's math/rand seeded with the FNV-1
 * 32-bit hash of the host name (time-seeded for /32 and /128 blocks), then every block once,
 * wrapping round. So a host claims the block real Calico would claim (shared/spec/ipam.md §5.6).
 * Block counts are BigIntegers: an IPv6 pool may hold 2^58 blocks and more.
 */
final class BlockOrder {
    private final BigInteger base;
    private final int version;
    private final int blockSize;
    private final int shift;
    private final BigInteger numBlocks;
    private final BigInteger start;
    private BigInteger returned = BigInteger.ZERO;

    BlockOrder(Cidr pool, int blockSize, String host) {
        this.version = pool.version();
        this.base = toBig(pool.network());
        this.blockSize = blockSize;
        this.shift = pool.ip().bits() - blockSize;
        this.numBlocks = BigInteger.ONE.shiftLeft(blockSize - pool.prefix());
        this.start = shift == 0 ? new GoRand(timeSeed()).bigRand(numBlocks) : startFor(fnv1(host), blockSize - pool.prefix());
    }

    /** Seeding Go's generator costs tens of microseconds; a host asks for the same few starts over and over. */
    private static final Map<Long, BigInteger> STARTS = new ConcurrentHashMap<>();

    /** The start for a 32-bit host hash in a pool of 2^bits blocks (bits <= 128). */
    private static BigInteger startFor(long hostHash, int bits) {
        long key = (hostHash << 8) | bits;
        BigInteger s = STARTS.get(key);
        if (s == null) {
            if (STARTS.size() > 4096) STARTS.clear();
            s = new GoRand(hostHash).bigRand(BigInteger.ONE.shiftLeft(bits));
            STARTS.put(key, s);
        }
        return s;
    }

    /** FNV-1 (multiply, then xor) 32-bit hash of the UTF-8 bytes, unsigned, as Go's hash/fnv New32. */
    static long fnv1(String s) {
        long h = 0x811c9dc5L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h * 0x01000193L) & 0xFFFFFFFFL;
            h ^= (b & 0xFF);
        }
        return h;
    }

    /** Upstream seeds with the wall clock in nanoseconds when every block is one address. */
    private static long timeSeed() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    BigInteger numBlocks() { return numBlocks; }

    /** Index of the first block this host tries. */
    BigInteger start() { return start; }

    /** The i-th block of the pool (not of the walk). */
    Cidr block(BigInteger index) {
        return new Cidr(fromBig(base.add(index.shiftLeft(shift)), version), blockSize);
    }

    /** The next block of the walk, or null once every block has been returned. */
    Cidr next() {
        if (returned.compareTo(numBlocks) >= 0) return null;
        BigInteger index = start.add(returned);
        if (index.compareTo(numBlocks) >= 0) index = index.subtract(numBlocks);
        returned = returned.add(BigInteger.ONE);
        return block(index);
    }

    /** Where a block of this pool sits in this host's walk (0 = first); for ordering existing blocks. */
    BigInteger positionOf(Cidr block) {
        BigInteger index = toBig(block.network()).subtract(base).shiftRight(shift);
        return index.subtract(start).mod(numBlocks);
    }

    private static BigInteger toBig(IpAddress a) {
        BigInteger lo = new BigInteger(Long.toUnsignedString(a.lo()));
        if (a.version() == 4) return lo;
        return new BigInteger(Long.toUnsignedString(a.hi())).shiftLeft(64).or(lo);
    }

    private static IpAddress fromBig(BigInteger v, int version) {
        long lo = v.longValue();
        return version == 4 ? IpAddress.v4(lo & 0xFFFFFFFFL) : IpAddress.v6(v.shiftRight(64).longValue(), lo);
    }
}
