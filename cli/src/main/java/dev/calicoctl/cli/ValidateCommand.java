package dev.calicoctl.cli;


public final class ValidateCommand extends BaseCommand {
    final FileOptions files = new FileOptions();

    @Override protected void define(Def d) {
        d.describe("Validate a resource by file, directory or stdin without applying it (no datastore is touched).");
        files.define(d);
    }

    @Override protected boolean checksVersion() { return false; } // offline

    @Override protected int run(Session s) {
        CreateCommand.requireFile(files);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        return CrudReport.createApplyValidate(CrudRunner.execute(s, req, CrudRunner.Action.VALIDATE), "validate", "validated", io().out());
    }
}
