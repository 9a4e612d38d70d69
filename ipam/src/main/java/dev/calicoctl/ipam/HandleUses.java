package dev.calicoctl.ipam;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * How many addresses each handle holds in each block, as the blocks say: one (handle, block,
 * count) entry per pair, the handles' UTF-8 bytes side by side in one array and the rest in int
 * arrays (a million handles as Strings and records would be five times the size). Once the blocks
 * are read the entries are grouped by handle through an open-addressing table of int, so that the
 * handle records can be compared as they stream past, a lookup each, without a map of every handle.
 */
final class HandleUses {
    private byte[] text = new byte[1 << 16];
    private int textLength;
    private int[] offset = new int[1 << 12], block = new int[1 << 12], count = new int[1 << 12], hash = new int[1 << 12];
    private int n;
    /** Entry indexes grouped by handle, each group in the order added (its first entry first). */
    private int[] order;
    private int[] groupStart;
    private int groups;
    /** Open addressing by handle hash: group + 1, 0 where free. */
    private int[] table;
    /** Groups whose handle record was seen. */
    final BitSet found = new BitSet();

    void add(String handle, int blockIndex, int addresses) {
        if (order != null) throw new IllegalStateException("sealed");
        byte[] b = handle.getBytes(StandardCharsets.UTF_8);
        if (textLength + b.length > text.length) text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + b.length));
        if (n + 1 >= offset.length) {
            offset = Arrays.copyOf(offset, offset.length * 2);
            block = Arrays.copyOf(block, offset.length);
            count = Arrays.copyOf(count, offset.length);
            hash = Arrays.copyOf(hash, offset.length);
        }
        System.arraycopy(b, 0, text, textLength, b.length);
        offset[n] = textLength;
        textLength += b.length;
        offset[n + 1] = textLength;
        block[n] = blockIndex;
        count[n] = addresses;
        hash[n] = handle.hashCode();
        n++;
    }

    /** Groups the entries by handle; no more adds. */
    void seal() {
        text = Arrays.copyOf(text, textLength);
        table = new int[Integer.highestOneBit(Math.max(n, 1)) * 4];
        int mask = table.length - 1;
        int[] groupOf = new int[n];
        int[] head = new int[n];
        for (int e = 0; e < n; e++) {
            int slot = spread(hash[e]) & mask;
            while (true) {
                int g = table[slot] - 1;
                if (g < 0) {
                    table[slot] = groups + 1;
                    head[groups] = e;
                    groupOf[e] = groups++;
                    break;
                }
                if (hash[head[g]] == hash[e] && sameHandle(head[g], e)) {
                    groupOf[e] = g;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        groupStart = new int[groups + 1];
        for (int e = 0; e < n; e++) groupStart[groupOf[e] + 1]++;
        for (int g = 0; g < groups; g++) groupStart[g + 1] += groupStart[g];
        int[] fill = Arrays.copyOf(groupStart, groups);
        order = new int[n];
        for (int e = 0; e < n; e++) order[fill[groupOf[e]]++] = e;
    }

    private static int spread(int h) { return (h ^ (h >>> 16)) * 0x9E3779B1; }

    private boolean sameHandle(int x, int y) {
        return Arrays.equals(text, offset[x], offset[x + 1], text, offset[y], offset[y + 1]);
    }

    int groups() { return groups; }

    /** The group of a handle, or -1 when no block holds an address of it. */
    int group(String handle) {
        int h = handle.hashCode();
        byte[] b = null;
        int mask = table.length - 1;
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            int g = table[slot] - 1;
            if (g < 0) return -1;
            int e = order[groupStart[g]];
            if (hash[e] != h) continue;
            if (b == null) b = handle.getBytes(StandardCharsets.UTF_8);
            if (Arrays.equals(text, offset[e], offset[e + 1], b, 0, b.length)) return g;
        }
    }

    String handle(int group) {
        int e = order[groupStart[group]];
        return new String(text, offset[e], offset[e + 1] - offset[e], StandardCharsets.UTF_8);
    }

    /** Where this handle first appeared among the blocks' allocations. */
    int firstSeen(int group) { return order[groupStart[group]]; }

    /** Number of (block, count) entries of a group. */
    int size(int group) { return groupStart[group + 1] - groupStart[group]; }
    int block(int group, int i) { return block[order[groupStart[group] + i]]; }
    int count(int group, int i) { return count[order[groupStart[group] + i]]; }

    int total(int group) {
        int t = 0;
        for (int i = 0; i < size(group); i++) t += count(group, i);
        return t;
    }
}
