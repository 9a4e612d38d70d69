package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;

import java.util.List;

/** The wording of an unknown -o, shared by `get` and the data commands. */
public final class OutputFormats {
    private OutputFormats() {}

    /** The template formats every printing command offers (kubectl's jsonpath beside calicoctl's go-template). */
    public static final List<String> TEMPLATES = List.of("go-template=...", "go-template-file=...", "jsonpath=...", "jsonpath-file=...");

    /** What `get -o` accepts, in calicoctl's order. */
    public static final List<String> GET = List.of("yaml", "json", "ps", "wide", "custom-columns=...",
            "go-template=...", "go-template-file=...", "jsonpath=...", "jsonpath-file=...");

    /**
     * calicoctl's own message ("unrecognized output format 'x'") unchanged, then on the same line
     * the formats this command accepts: a script matching calicoctl's text still matches it, and a
     * person sees what to type instead.
     */
    public static CliException unrecognized(String output, List<String> allowed) {
        return new CliException("unrecognized output format '" + output + "' (allowed: " + String.join(", ", allowed) + ")");
    }
}
