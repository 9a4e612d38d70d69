package dev.calicoctl.cli.output;

import java.io.PrintStream;

/**
 * Prints one JSON-shaped tree (maps, lists, scalars): how commands that report data rather than
 * resources (the ipam commands) reuse the template formats.
 */
public interface TreePrinter {
    void print(Object tree, PrintStream out);

    /** The template printer for an -o value (go-template=, go-template-file=, jsonpath=, jsonpath-file=), or null. */
    static TreePrinter templateFor(String output) {
        if (output == null) return null;
        int eq = output.indexOf('=');
        String name = eq < 0 ? output : output.substring(0, eq);
        return TemplatePrinter.forFormat(name, eq < 0 ? "" : output.substring(eq + 1));
    }
}
