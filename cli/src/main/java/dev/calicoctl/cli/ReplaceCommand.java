package dev.calicoctl.cli;


public final class ReplaceCommand extends BaseCommand {
    final FileOptions files = new FileOptions();

    @Override protected void define(Def d) {
        d.describe("Replace existing resources by file, directory or stdin. Fails for a resource that does not exist.");
        files.define(d);
    }

    @Override protected int run(Session s) {
        CreateCommand.requireFile(files);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        return CrudReport.replace(CrudRunner.execute(s, req, CrudRunner.Action.UPDATE), io().out());
    }
}
