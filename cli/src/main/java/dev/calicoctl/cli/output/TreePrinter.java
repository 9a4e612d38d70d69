package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Yaml;

import java.io.PrintStream;

/**
 * -o json|yaml for commands that print data rather than resources (ipam show, ipam audit): the
 * command builds a tree of maps and lists in its documented shape, this renders it.
 */
public enum TreePrinter {
    JSON, YAML;

    /** null for the command's own table/text form; json or yaml; anything else is an error. */
    public static TreePrinter forOutput(String output) {
        if (output == null) return null;
        return switch (output) {
            case "json" -> JSON;
            case "yaml" -> YAML;
            default -> throw new CliException("unrecognized output format '" + output + "' (this command prints json or yaml)");
        };
    }

    public void print(Object tree, PrintStream out) {
        if (this == JSON) out.println(Json.writeIndented(tree));
        else out.print(Yaml.write(tree));
    }
}
