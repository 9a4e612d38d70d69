package dev.calicoctl.cli;


public final class CreateCommand extends BaseCommand {
    final FileOptions files = new FileOptions();
    boolean skipExists;

    @Override protected void define(Def d) {
        d.describe("Create a resource by file, directory or stdin.")
                .footer("", "Examples:", "  calicoctl create -f ./pools.yaml", "  cat pools.json | calicoctl create -f -");
        files.define(d);
        d.flag("--skip-exists", "Skip over resources that already exist.", v -> skipExists = v);
    }

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
