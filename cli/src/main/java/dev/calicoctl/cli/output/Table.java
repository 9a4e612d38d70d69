package dev.calicoctl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns as Go's tabwriter(minwidth 5, padding 3) lays them out for calicoctl:
 * every column but the last padded to its widest cell plus three spaces.
 */
public final class Table {
    private final List<String> headings;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headings) { this.headings = headings; }

    public void add(List<String> row) { rows.add(row); }

    public void print(PrintStream out) {
        int n = headings.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = Math.max(5 - 3, headings.get(i).length());
        for (List<String> r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], cell(r, i).length());
        StringBuilder sb = new StringBuilder();
        line(sb, headings, w);
        for (List<String> r : rows) line(sb, r, w);
        out.print(sb);
    }

    private static String cell(List<String> r, int i) {
        String s = i < r.size() ? r.get(i) : "";
        return s == null ? "" : s;
    }

    private static void line(StringBuilder sb, List<String> r, int[] w) {
        int start = sb.length();
        for (int i = 0; i < w.length; i++) {
            String c = cell(r, i);
            sb.append(c);
            if (i < w.length - 1) {
                int pad = Math.max(w[i] + 3, 5) - c.length();
                for (int k = 0; k < pad; k++) sb.append(' ');
            }
        }
        // tabwriter leaves no trailing blanks after an empty last cell
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') end--;
        sb.setLength(end);
        sb.append('\n');
    }
}
