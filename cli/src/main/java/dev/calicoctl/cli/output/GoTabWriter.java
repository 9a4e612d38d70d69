package dev.calicoctl.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter elastic tabstops, for the configuration calicoctl uses (no flags, a space
 * pad character): text is cut into tab-terminated cells; consecutive lines with a cell in the
 * same column form a column block whose width is the widest cell plus the padding, at least
 * the minimum width; every tab-terminated cell is padded to its column's width (trailing
 * padding included), the text after the last tab of a line is written as it is. A line without
 * a tab ends every column block, as Go's writer flushes there. Widths count code points, as
 * Go counts runes.
 */
public final class GoTabWriter {
    private final int minWidth;
    private final int padding;
    private final char padChar;

    /** A cell of the input: its text and whether a tab terminated it. */
    private record Cell(String text, int width) {}

    private final List<List<Cell>> lines = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    /** tabwidth is irrelevant when padding with spaces, so it is not taken. */
    public GoTabWriter(int minWidth, int padding, char padChar) {
        this.minWidth = minWidth;
        this.padding = padding;
        this.padChar = padChar;
    }

    /** calicoctl's table writer: tabwriter.NewWriter(os.Stdout, 5, 1, 3, ' ', 0). */
    public static GoTabWriter calicoctl() { return new GoTabWriter(5, 3, ' '); }

    /** Lays out the whole text (as Write followed by Flush). */
    public String format(String text) {
        out.setLength(0);
        lines.clear();
        List<Cell> line = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\t' && ch != '\n') continue;
            line.add(cell(text.substring(start, i)));
            start = i + 1;
            if (ch == '\n') {
                boolean singleCell = line.size() == 1;
                lines.add(line);
                line = new ArrayList<>();
                if (singleCell) flush(true);
            }
        }
        line.add(cell(text.substring(start)));
        lines.add(line);
        flush(false);
        return out.toString();
    }

    private static Cell cell(String s) { return new Cell(s, s.codePointCount(0, s.length())); }

    /** Formats the buffered lines; all but the last end with a newline unless {@code allTerminated}. */
    private void flush(boolean allTerminated) {
        widths.clear();
        formatBlock(0, lines.size(), allTerminated);
        lines.clear();
    }

    private void formatBlock(int line0, int line1, boolean allTerminated) {
        int column = widths.size();
        for (int i = line0; i < line1; i++) {
            if (column >= lines.get(i).size() - 1) continue;
            // a cell in this column: lines before it are done, a column block starts here
            writeLines(line0, i, allTerminated);
            line0 = i;
            int width = minWidth;
            for (; i < line1; i++) {
                List<Cell> l = lines.get(i);
                if (column >= l.size() - 1) break;
                width = Math.max(width, l.get(column).width() + padding);
            }
            widths.add(width);
            formatBlock(line0, i, allTerminated);
            widths.remove(widths.size() - 1);
            line0 = i;
            i--; // the for loop's increment brings us back to the line that ended the block
        }
        writeLines(line0, line1, allTerminated);
    }

    private void writeLines(int line0, int line1, boolean allTerminated) {
        for (int i = line0; i < line1; i++) {
            List<Cell> l = lines.get(i);
            for (int j = 0; j < l.size(); j++) {
                Cell c = l.get(j);
                out.append(c.text());
                if (j < widths.size()) for (int k = c.width(); k < widths.get(j); k++) out.append(padChar);
            }
            if (allTerminated || i + 1 < lines.size()) out.append('\n');
        }
    }
}
