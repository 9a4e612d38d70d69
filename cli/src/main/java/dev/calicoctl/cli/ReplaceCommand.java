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
        CrudRunner.Results r = CrudRunner.execute(s, req, CrudRunner.Action.UPDATE);
        if (r.fileInvalid) throw new CliException("failed to execute command: " + r.err.getMessage(), r.err);
        if (r.numResources == 0) {
            if (r.err != null) throw r.err;
            io().out().println("No resources specified");
            return ExitCodes.OK;
        }
        if (r.err == null) {
            if (r.singleKind != null) io().out().println("Successfully replaced " + r.numHandled + " '" + r.singleKind + "' resource(s)");
            else io().out().println("Successfully replaced " + r.numHandled + " resource(s)");
            return ExitCodes.OK;
        }
        if (r.numHandled == 0) {
            if (r.numResources == 1) throw new CliException("failed to replace '" + r.singleKind + "' resource: " + r.err.getMessage(), r.err);
            if (r.singleKind != null) throw new CliException("failed to replace any '" + r.singleKind + "' resources: " + r.err.getMessage(), r.err);
            throw new CliException("failed to replace any resources: " + r.err.getMessage(), r.err);
        }
        io().out().println("Partial success: replaced the first " + r.numHandled + " out of " + r.numResources
                + (r.singleKind != null ? " '" + r.singleKind + "'" : "") + " resources:");
        throw new CliException("hit error: " + r.err.getMessage(), r.err);
    }
}
