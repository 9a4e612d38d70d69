package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Renders what `get` found; chosen by -o. Commands hand printers data and never format. */
public interface ResourcePrinter {
    void print(List<Printable> objects, PrintStream out);

    /** calicoctl's -o values: yaml, json, ps, wide, custom-columns=A,B, go-template[-file]=; and kubectl's jsonpath[-file]=. */
    static ResourcePrinter forOutput(String output, boolean printNamespace) {
        String o = output == null ? "ps" : output;
        if (o.equals("yaml")) return new YamlPrinter();
        if (o.equals("json")) return new JsonPrinter();
        if (o.equals("ps")) return new TablePrinter(null, false, printNamespace);
        if (o.equals("wide")) return new TablePrinter(null, true, printNamespace);
        int eq = o.indexOf('=');
        String name = eq < 0 ? o : o.substring(0, eq);
        String value = eq < 0 ? "" : o.substring(eq + 1);
        switch (name) {
            case "custom-columns" -> {
                List<String> cols = new ArrayList<>();
                for (String c : value.split(",")) if (!c.isBlank()) cols.add(c.trim());
                if (cols.isEmpty()) throw new CliException("need to specify at least one column");
                return new TablePrinter(cols, false, printNamespace);
            }
            default -> {
                TemplatePrinter t = TemplatePrinter.forFormat(name, value);
                if (t == null) throw new CliException("unrecognized output format '" + o + "'");
                return t;
            }
        }
    }
}
