package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.TableContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * -o ps / wide / custom-columns: one table per printed object with the kind's registry columns,
 * each followed by an empty line, as calicoctl's ResourcePrinterTable.
 */
final class TablePrinter implements ResourcePrinter {
    private final List<String> custom;
    private final boolean wide;
    private final boolean printNamespace;
    private final TableContext context;

    TablePrinter(List<String> custom, boolean wide, boolean printNamespace, TableContext context) {
        this.custom = custom;
        this.wide = wide;
        this.printNamespace = printNamespace;
        this.context = context;
    }

    @Override public void print(List<Printable> objects, PrintStream out) {
        for (Printable p : objects) {
            Kind kind = p.kind();
            List<String> headings = new ArrayList<>(custom != null ? custom : kind.headings(wide));
            // upstream prepends NAMESPACE whenever the kind has that column and -n/-A was given
            if (printNamespace && kind.column("NAMESPACE") != null) headings.add(0, "NAMESPACE");
            List<Kind.Column> cols = new ArrayList<>();
            for (String h : headings) {
                Kind.Column c = kind.column(h);
                if (c == null) throw new CliException("unknown heading " + h + ", valid values are: " + String.join(", ", kind.allHeadings()));
                cols.add(c);
            }
            Table t = new Table(headings);
            for (Resource r : p.items()) {
                List<String> row = new ArrayList<>(cols.size());
                for (Kind.Column c : cols) row.add(c.value(r, context));
                t.add(row);
            }
            t.print(out);
            out.println();
        }
    }
}
