package dev.calicoctl.ipam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * How many addresses each handle holds in each block, as the blocks say: one small record per
 * (handle, block) pair, sorted by handle once the blocks are read, so that the handle records
 * can be compared as they stream past (a binary search each) without a map of a million handles.
 */
final class HandleUses {
    /** {@code count} addresses of {@code handle} in block {@code block}; {@code seq} orders first appearances. */
    record Use(String handle, int block, int count, int seq) {}

    private List<Use> pending = new ArrayList<>();
    private Use[] uses;
    private String[] ids;
    private int[] start;
    /** Groups whose handle record was seen. */
    final BitSet found = new BitSet();

    void add(String handle, int block, int count) {
        pending.add(new Use(handle, block, count, pending.size()));
    }

    /** Sorts by handle (stably: each group's first use is its handle's first appearance); no more adds. */
    void seal() {
        uses = pending.toArray(new Use[0]);
        pending = null;
        Arrays.sort(uses, Comparator.comparing(Use::handle));
        int groups = 0;
        for (int i = 0; i < uses.length; i++) if (i == 0 || !uses[i].handle.equals(uses[i - 1].handle)) groups++;
        ids = new String[groups];
        start = new int[groups + 1];
        int g = 0;
        for (int i = 0; i < uses.length; i++) {
            if (i == 0 || !uses[i].handle.equals(uses[i - 1].handle)) {
                ids[g] = uses[i].handle;
                start[g++] = i;
            }
        }
        start[groups] = uses.length;
    }

    int groups() { return ids.length; }

    /** The group of a handle, or -1 when no block holds an address of it. */
    int group(String handle) {
        int g = Arrays.binarySearch(ids, handle);
        return g < 0 ? -1 : g;
    }

    String handle(int group) { return ids[group]; }

    /** Where this handle first appeared among the blocks' allocations. */
    int firstSeen(int group) { return uses[start[group]].seq; }

    List<Use> uses(int group) { return Arrays.asList(uses).subList(start[group], start[group + 1]); }

    int total(int group) {
        int n = 0;
        for (int i = start[group]; i < start[group + 1]; i++) n += uses[i].count;
        return n;
    }
}
