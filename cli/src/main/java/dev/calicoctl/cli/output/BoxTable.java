package dev.calicoctl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The boxed table calicoctl's ipam commands draw (go-pretty's default style), some columns right-aligned. */
public final class BoxTable {
    private final List<String> headings;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    public BoxTable(List<String> headings, int... rightAlignedColumns) {
        this.headings = headings;
        this.rightAligned = new boolean[headings.size()];
        for (int c : rightAlignedColumns) rightAligned[c] = true;
    }

    public void add(List<String> row) { rows.add(row); }

    public void print(PrintStream out) {
        int n = headings.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = headings.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        rule(sb, w);
        line(sb, headings, w, false);
        rule(sb, w);
        for (List<String> r : rows) line(sb, r, w, true);
        rule(sb, w);
        out.print(sb);
    }

    private static void rule(StringBuilder sb, int[] w) {
        sb.append('+');
        for (int x : w) sb.append("-".repeat(x + 2)).append('+');
        sb.append('\n');
    }

    private void line(StringBuilder sb, List<String> cells, int[] w, boolean body) {
        sb.append('|');
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(w[i] - c.length());
            sb.append(' ');
            if (body && rightAligned[i]) sb.append(pad).append(c); else sb.append(c).append(pad);
            sb.append(" |");
        }
        sb.append('\n');
    }
}
