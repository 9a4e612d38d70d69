package dev.calicoctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Validate a resource by file, directory or stdin without applying it (no datastore is touched).")
public final class ValidateCommand extends BaseCommand {
    @Mixin FileOptions files;

    @Override protected int run(Session s) {
        CreateCommand.requireFile(files);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        return CrudReport.createApplyValidate(CrudRunner.execute(s, req, CrudRunner.Action.VALIDATE), "validate", "validated", io().out());
    }
}
