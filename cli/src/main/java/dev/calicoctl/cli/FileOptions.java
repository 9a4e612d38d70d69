package dev.calicoctl.cli;

/** The -f/-R/--skip-empty/-n flags shared by create, apply, replace, delete, get and validate. */
public final class FileOptions {
    public String filename;
    public boolean recursive;
    public boolean skipEmpty;
    public String namespace;

    void define(Def d) {
        d.option("-f,--filename", "<filename>", null, "Filename to use to create/apply/replace/delete the resource. Use '-' for stdin.", v -> filename = v);
        d.flag("-R,--recursive", "Process the filename specified in -f recursively.", v -> recursive = v);
        d.flag("--skip-empty", "Do not error if files contain no data.", v -> skipEmpty = v);
        d.option("-n,--namespace", "<namespace>", null, "Namespace of the resource.", v -> namespace = v);
    }
}
