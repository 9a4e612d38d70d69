package dev.calicoctl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The boxed table calicoctl's ipam commands draw (go-pretty's default style), some columns right-aligned. */
public final class BoxTable {
    private final List<String> headings;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();
    /** Per row, text written after its closing border (null: none); not part of the table's widths. */
    private final List<String> after = new ArrayList<>();

    public BoxTable(List<String> headings, int... rightAlignedColumns) {
        this.headings = headings;
        this.rightAligned = new boolean[headings.size()];
        for (int c : rightAlignedColumns) rightAligned[c] = true;
    }

    /** go-pretty turns a tab in a cell into four spaces and drops carriage returns. */
    public void add(List<String> row) { add(row, null); }

    /** A row followed, after its border and one space, by {@code trailer} (a terminal's utilisation bar). */
    public void add(List<String> row, String trailer) {
        List<String> clean = new ArrayList<>(row.size());
        for (String c : row) clean.add(c == null ? "" : clean(c));
        rows.add(clean);
        after.add(trailer);
    }

    private static String clean(String c) {
        if (c.indexOf('\t') < 0 && c.indexOf('\r') < 0) return c; // the usual cell: no copy
        return c.replace("\t", "    ").replace("\r", "");
    }

    public void print(PrintStream out) {
        int n = headings.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = width(headings.get(i));
        for (List<String> r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], width(r.get(i)));
        StringBuilder sb = new StringBuilder();
        rule(sb, w);
        line(sb, headings, w, false);
        rule(sb, w);
        for (int i = 0; i < rows.size(); i++) {
            line(sb, rows.get(i), w, true);
            if (after.get(i) != null) sb.insert(sb.length() - 1, " " + after.get(i));
        }
        rule(sb, w);
        out.print(sb);
    }

    /**
     * Display width as go-pretty measures it (go-runewidth): East Asian wide and full-width
     * characters take two columns, combining marks none, everything else one.
     */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c < 0x80) { w++; i++; continue; } // ASCII: one column, without the Unicode tables (interpreted start-up)
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) continue;
            w += wide(cp) ? 2 : 1;
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private static void spaces(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) sb.append(' ');
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
            int pad = w[i] - width(c);
            sb.append(' ');
            if (body && rightAligned[i]) { spaces(sb, pad); sb.append(c); } else { sb.append(c); spaces(sb, pad); }
            sb.append(" |");
        }
        sb.append('\n');
    }
}
