package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The order in which a host walks a pool's blocks: from a start index seeded by an FNV-32 hash
 * of the host name, wrapping round, so each host tends to claim the same region of the pool
 * (upstream's randomBlockGenerator; the exact PRNG differs, determinism per host does not).
 */
final class BlockOrder {
    private final Cidr pool;
    private final int blockSize;
    private final long numBlocks;
    private final long start;
    private long returned;

    BlockOrder(Cidr pool, int blockSize, String host) {
        this.pool = pool.masked();
        this.blockSize = blockSize;
        int bits = blockSize - pool.prefix();
        this.numBlocks = bits >= 62 ? (1L << 62) : (1L << bits);
        int blockHostBits = pool.ip().bits() - blockSize;
        long seed = blockHostBits == 0 ? System.nanoTime() : fnv32(host);
        this.start = numBlocks <= 1 ? 0 : new SplittableRandom(seed).nextLong(numBlocks);
    }

    static long fnv32(String s) {
        long h = 0x811c9dc5L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h * 0x01000193L) & 0xFFFFFFFFL;
            h ^= (b & 0xFF);
        }
        return h;
    }

    long numBlocks() { return numBlocks; }

    /** The i-th block of the pool (not of the walk). */
    Cidr block(long index) {
        int shift = pool.ip().bits() - blockSize;
        return new Cidr(pool.network().plusShifted(index, shift), blockSize);
    }

    /** The next block of the walk, or null once every block has been returned. */
    Cidr next() {
        if (returned >= numBlocks) return null;
        long index = (start + returned) % numBlocks;
        returned++;
        return block(index);
    }

    /** Where a block sits in this host's walk (0 = first); for ordering existing blocks. */
    long positionOf(Cidr block) {
        int shift = pool.ip().bits() - blockSize;
        long index = shift >= 64 ? (block.network().hi() - pool.network().hi()) >>> (shift - 64)
                : ((block.network().lo() - pool.network().lo()) >>> shift) | (shift == 0 ? 0 : (block.network().hi() - pool.network().hi()) << (64 - shift));
        return Math.floorMod(index - start, numBlocks);
    }
}
