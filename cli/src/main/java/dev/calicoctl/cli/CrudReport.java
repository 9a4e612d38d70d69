package dev.calicoctl.cli;

import java.io.PrintStream;

/** calicoctl's success, partial-success and failure reporting for create/apply/validate. */
final class CrudReport {
    private CrudReport() {}

    static int createApplyValidate(CrudRunner.Results r, String action, String past, PrintStream out) {
        if (r.fileInvalid) throw new CliException("failed to execute command: " + r.err.getMessage(), r.err);
        if (r.numResources == 0) {
            if (r.err != null) throw r.err;
            out.println("No resources specified");
            return ExitCodes.OK;
        }
        if (r.err != null) throw new CliException("hit error: " + r.err.getMessage(), r.err);
        if (r.numHandled == 0) {
            if (r.numResources == 1) throw new CliException("failed to " + action + " '" + r.singleKind + "' resource: " + CrudRunner.goList(r.resErrs), first(r));
            if (r.singleKind != null) throw new CliException("failed to " + action + " any '" + r.singleKind + "' resources: " + CrudRunner.goList(r.resErrs), first(r));
            throw new CliException("failed to " + action + " any resources: " + CrudRunner.goList(r.resErrs), first(r));
        }
        if (r.resErrs.isEmpty()) {
            if (r.singleKind != null) out.println("Successfully " + past + " " + r.numHandled + " '" + r.singleKind + "' resource(s)");
            else out.println("Successfully " + past + " " + r.numHandled + " resource(s)");
            return ExitCodes.OK;
        }
        // calicoctl goes on past a failed resource, so this counts the ones that landed.
        out.println("Partial success: " + past + " " + r.numHandled + " out of " + r.numResources
                + (r.singleKind != null ? " '" + r.singleKind + "'" : "") + " resources:");
        throw new CliException("hit error: " + CrudRunner.goList(r.resErrs), first(r));
    }

    private static Throwable first(CrudRunner.Results r) { return r.resErrs.isEmpty() ? null : r.resErrs.get(0); }
}
