package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Yaml;

import java.io.PrintStream;

/**
 * -o json|yaml|go-template=…|jsonpath=… for commands that print data rather than resources (ipam
 * show, ipam audit): the command builds a tree of maps and lists in its documented shape, this renders it.
 */
public interface TreePrinter {
    TreePrinter JSON = (tree, out) -> out.println(Json.writeIndented(tree));
    TreePrinter YAML = (tree, out) -> out.print(Yaml.write(tree));

    void print(Object tree, PrintStream out);

    /** null for the command's own table/text form; json, yaml or a template format; anything else is an error. */
    static TreePrinter forOutput(String output) {
        if (output == null) return null;
        switch (output) {
            case "json": return JSON;
            case "yaml": return YAML;
            default:
                TemplatePrinter t = TemplatePrinter.forOutput(output);
                if (t == null) {
                    throw new CliException("unrecognized output format '" + output
                            + "' (this command prints json, yaml, go-template=…, go-template-file=…, jsonpath=… or jsonpath-file=…)");
                }
                return t::print;
        }
    }
}
