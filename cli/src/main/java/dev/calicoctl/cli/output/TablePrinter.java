package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Resource;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** -o ps / wide / custom-columns: the kind's registry columns, one table per printed object. */
final class TablePrinter implements ResourcePrinter {
    private final List<String> custom;
    private final boolean wide;
    private final boolean printNamespace;

    TablePrinter(List<String> custom, boolean wide, boolean printNamespace) {
        this.custom = custom;
        this.wide = wide;
        this.printNamespace = printNamespace;
    }

    @Override public void print(List<Printable> objects, PrintStream out) {
        for (Printable p : objects) {
            Kind kind = p.kind();
            List<String> headings = new ArrayList<>(custom != null ? custom : kind.headings(wide));
            if (printNamespace && kind.namespaced() && !headings.contains("NAMESPACE")) headings.add(0, "NAMESPACE");
            List<Function<Resource, String>> cols = new ArrayList<>();
            for (String h : headings) {
                Function<Resource, String> f = kind.column(h.toUpperCase());
                if (f == null) {
                    throw new CliException("unknown heading " + h + ", valid values are: " + String.join(", ", kind.allHeadings()));
                }
                cols.add(f);
            }
            Table t = new Table(headings);
            for (Resource r : p.items()) {
                List<String> row = new ArrayList<>(cols.size());
                for (Function<Resource, String> f : cols) row.add(f.apply(r));
                t.add(row);
            }
            t.print(out);
            out.println();
        }
    }
}
