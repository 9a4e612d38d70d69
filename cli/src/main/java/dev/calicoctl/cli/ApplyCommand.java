package dev.calicoctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apply", description = "Apply a resource by file, directory or stdin: create it, or update it when it exists.",
        footer = {"", "Examples:", "  calicoctl apply -f ./pools.yaml", "  cat pools.json | calicoctl apply -f -"})
public final class ApplyCommand extends BaseCommand {
    @Mixin FileOptions files;

    @Override protected int run(Session s) {
        CreateCommand.requireFile(files);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        return CrudReport.createApplyValidate(CrudRunner.execute(s, req, CrudRunner.Action.APPLY), "apply", "applied", io().out());
    }
}
