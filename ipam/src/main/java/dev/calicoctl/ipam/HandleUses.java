package dev.calicoctl.ipam;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * How many addresses each handle holds in each block, as the blocks say: one (handle, block,
 * count) entry per pair, the handles' UTF-8 bytes side by side in one array and the rest in int
 * arrays (a million handles as Strings and records would be five times the size). Once the blocks
 * are read the entries are sorted by handle, so that the handle records can be compared as they
 * stream past, a binary search each, without a map of every handle.
 */
final class HandleUses {
    private byte[] text = new byte[1 << 16];
    private int textLength;
    private int[] offset = new int[1 << 12], block = new int[1 << 12], count = new int[1 << 12];
    private int n;
    /** Entry indexes sorted by handle, ties in the order added; groups are runs of one handle. */
    private int[] order;
    private int[] groupStart;
    private int groups;
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
        }
        System.arraycopy(b, 0, text, textLength, b.length);
        offset[n] = textLength;
        textLength += b.length;
        offset[n + 1] = textLength;
        block[n] = blockIndex;
        count[n] = addresses;
        n++;
    }

    /** Sorts the entries by handle; no more adds. */
    void seal() {
        text = Arrays.copyOf(text, textLength);
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        sort(order, new int[n], 0, n);
        int[] starts = new int[n + 1];
        for (int i = 0; i < n; i++) if (i == 0 || compareEntries(order[i - 1], order[i]) != 0) starts[groups++] = i;
        starts[groups] = n;
        groupStart = Arrays.copyOf(starts, groups + 1);
    }

    int groups() { return groups; }

    /** The group of a handle, or -1 when no block holds an address of it. */
    int group(String handle) {
        byte[] b = handle.getBytes(StandardCharsets.UTF_8);
        int lo = 0, hi = groups - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int e = order[groupStart[mid]];
            int c = Arrays.compareUnsigned(text, offset[e], offset[e + 1], b, 0, b.length);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -1;
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

    private int compareEntries(int x, int y) {
        return Arrays.compareUnsigned(text, offset[x], offset[x + 1], text, offset[y], offset[y + 1]);
    }

    /** Merge sort of entry indexes by handle, stable (ties keep the order added). */
    private void sort(int[] a, int[] tmp, int from, int to) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i], j = i - 1;
                while (j >= from && compareEntries(a[j], v) > 0) { a[j + 1] = a[j]; j--; }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, tmp, from, mid);
        sort(a, tmp, mid, to);
        if (compareEntries(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) a[k++] = compareEntries(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        while (i < mid) a[k++] = tmp[i++];
        while (j < to) a[k++] = tmp[j++];
    }
}
