package dev.calicoctl.cli;


public final class ApplyCommand extends BaseCommand {
    final FileOptions files = new FileOptions();

    @Override protected void define(Def d) {
        d.describe("Apply a resource by file, directory or stdin: create it, or update it when it exists.")
                .footer("", "Examples:", "  calicoctl apply -f ./pools.yaml", "  cat pools.json | calicoctl apply -f -");
        files.define(d);
    }

    @Override protected int run(Session s) {
        CreateCommand.requireFile(files);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        return CrudReport.createApplyValidate(CrudRunner.execute(s, req, CrudRunner.Action.APPLY), "apply", "applied", io().out());
    }
}
