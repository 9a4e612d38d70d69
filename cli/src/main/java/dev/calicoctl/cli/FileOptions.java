package dev.calicoctl.cli;

import picocli.CommandLine.Option;

/** The -f/-R/--skip-empty/-n flags shared by create, apply, replace, delete, get and validate. */
public final class FileOptions {
    @Option(names = {"-f", "--filename"}, paramLabel = "<filename>",
            description = "Filename to use to create/apply/replace/delete the resource. Use '-' for stdin.")
    public String filename;

    @Option(names = {"-R", "--recursive"}, description = "Process the filename specified in -f recursively.")
    public boolean recursive;

    @Option(names = "--skip-empty", description = "Do not error if files contain no data.")
    public boolean skipEmpty;

    @Option(names = {"-n", "--namespace"}, paramLabel = "<namespace>", description = "Namespace of the resource.")
    public String namespace;
}
