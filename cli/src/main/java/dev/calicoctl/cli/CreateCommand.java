package dev.calicoctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a resource by file, directory or stdin.",
        footer = {"", "Examples:", "  calicoctl create -f ./pools.yaml", "  cat pools.json | calicoctl create -f -"})
public final class CreateCommand extends BaseCommand {
    @Mixin FileOptions files;

    @Option(names = "--skip-exists", description = "Skip over resources that already exist.")
    boolean skipExists;

    @Override protected int run(Session s) {
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        req.skipExists = skipExists;
        requireFile(files);
        return CrudReport.createApplyValidate(CrudRunner.execute(s, req, CrudRunner.Action.CREATE), "create", "created", io().out());
    }

    static void requireFile(FileOptions f) {
        if (f.filename == null) throw new CliException("no resources specified: use -f <filename> (or -f - for stdin)");
    }
}
