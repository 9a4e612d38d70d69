package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.model.TableContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Renders what `get` found; chosen by -o. Commands hand printers data and never format. */
public interface ResourcePrinter {
    void print(List<Printable> objects, PrintStream out);

    /** calicoctl's -o values: yaml, json, ps, wide, custom-columns=A,B, go-template[-file]=; and kubectl's jsonpath[-file]=. */
    static ResourcePrinter forOutput(String output, boolean printNamespace) {
        return forOutput(output, printNamespace, TableContext.DEFAULTS);
    }

    /** As above; tables take what their cells need beyond the resource (the cluster's AS number) from {@code context}. */
    static ResourcePrinter forOutput(String output, boolean printNamespace, TableContext context) {
        String o = output == null ? "ps" : output;
        if (o.equals("yaml") || o.equals("yml")) return new YamlPrinter();
        if (o.equals("json")) return new JsonPrinter();
        if (o.equals("ps")) return new TablePrinter(null, false, printNamespace, context);
        if (o.equals("wide")) return new TablePrinter(null, true, printNamespace, context);
        int eq = o.indexOf('=');
        String name = eq < 0 ? o : o.substring(0, eq);
        String value = eq < 0 ? "" : o.substring(eq + 1);
        switch (name) {
            case "custom-columns" -> {
                if (value.isEmpty()) throw new CliException("need to specify at least one column");
                // as upstream: split on commas exactly, keys case-sensitive, no namespace column added
                List<String> cols = new ArrayList<>(List.of(value.split(",", -1)));
                return new TablePrinter(cols, false, false, context);
            }
            default -> {
                TemplatePrinter t = TemplatePrinter.forFormat(name, value, context);
                if (t == null) throw OutputFormats.unrecognized(o, OutputFormats.GET);
                return t;
            }
        }
    }
}
