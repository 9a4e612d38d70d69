package dev.calicoctl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A `get` table exactly as calicoctl prints one: its template writes every heading and every
 * cell followed by a tab, one line per row, through Go's tabwriter(minwidth 5, tabwidth 1,
 * padding 3, ' ', no flags). So each column is max(5, widest cell + 3) wide and every line,
 * last cell included, carries its padding.
 */
public final class Table {
    private final List<String> headings;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headings) { this.headings = headings; }

    public void add(List<String> row) { rows.add(row); }

    public void print(PrintStream out) { out.print(render()); }

    public String render() {
        StringBuilder text = new StringBuilder();
        line(text, headings);
        for (List<String> r : rows) line(text, r);
        return GoTabWriter.calicoctl().format(text.toString());
    }

    private void line(StringBuilder text, List<String> cells) {
        for (int i = 0; i < headings.size(); i++) {
            String c = i < cells.size() ? cells.get(i) : null;
            text.append(c == null ? "" : c).append('\t');
        }
        text.append('\n');
    }
}
