package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;

import java.io.PrintStream;
import java.util.List;

/**
 * The one place CRUD results are worded: calicoctl's success, partial-success and failure lines for
 * create, apply, validate, replace, delete, get, patch and label. Commands run the action and hand
 * the results here; they print no summary themselves. Success goes to stdout; a failure is thrown
 * as the one-line error `Main` prints on stderr with the exit code.
 */
final class CrudReport {
    private CrudReport() {}

    /** create, apply, validate: every resource is tried; the count says how many landed. */
    static int createApplyValidate(CrudRunner.Results r, String action, String past, PrintStream out) {
        if (nothingToDo(r, out)) return ExitCodes.OK;
        if (r.err != null) throw new CliException("hit error: " + r.err.getMessage(), r.err);
        if (r.numHandled == 0) {
            if (r.numResources == 1) throw new CliException("failed to " + action + " '" + r.singleKind + "' resource: " + goList(r.resErrs), first(r));
            if (r.singleKind != null) throw new CliException("failed to " + action + " any '" + r.singleKind + "' resources: " + goList(r.resErrs), first(r));
            throw new CliException("failed to " + action + " any resources: " + goList(r.resErrs), first(r));
        }
        if (r.resErrs.isEmpty()) {
            succeeded(r, past, out);
            return ExitCodes.OK;
        }
        // calicoctl goes on past a failed resource, so this counts the ones that landed.
        out.println("Partial success: " + past + " " + r.numHandled + " out of " + r.numResources
                + (r.singleKind != null ? " '" + r.singleKind + "'" : "") + " resources:");
        throw new CliException("hit error: " + goList(r.resErrs), first(r));
    }

    /** replace: stops at the first failure (in r.err), so a partial success is "the first N". */
    static int replace(CrudRunner.Results r, PrintStream out) {
        if (nothingToDo(r, out)) return ExitCodes.OK;
        if (r.err == null) {
            succeeded(r, "replaced", out);
            return ExitCodes.OK;
        }
        if (r.numHandled == 0) {
            if (r.numResources == 1) throw new CliException("failed to replace '" + r.singleKind + "' resource: " + r.err.getMessage(), r.err);
            if (r.singleKind != null) throw new CliException("failed to replace any '" + r.singleKind + "' resources: " + r.err.getMessage(), r.err);
            throw new CliException("failed to replace any resources: " + r.err.getMessage(), r.err);
        }
        out.println("Partial success: replaced the first " + r.numHandled + " out of " + r.numResources
                + (r.singleKind != null ? " '" + r.singleKind + "'" : "") + " resources:");
        throw new CliException("hit error: " + r.err.getMessage(), r.err);
    }

    /** delete: the successes, then one line per resource that failed. */
    static int delete(CrudRunner.Results r, PrintStream out) {
        if (nothingToDo(r, out)) return ExitCodes.OK;
        if (r.err != null) throw new CliException("hit error: " + r.err.getMessage(), r.err);
        if (r.numHandled > 0) succeeded(r, "deleted", out);
        if (!r.resErrs.isEmpty()) {
            String prefix = r.singleKind != null ? "Failed to delete '" + r.singleKind + "' resource: " : "Failed to delete resource: ";
            throw new CliException(lines(prefix, r.resErrs), first(r));
        }
        return ExitCodes.OK;
    }

    /** get, before printing: a failure that leaves nothing to print. */
    static void getFailed(CrudRunner.Results r) {
        if (r.fileInvalid) throw new CliException("failed to execute command: " + r.err.getMessage(), r.err);
        if (r.err != null) throw new CliException("failed to get resources: " + r.err.getMessage(), r.err);
    }

    /** get, after printing what was found: the resources that could not be read, one a line. */
    static int got(CrudRunner.Results r) {
        if (!r.resErrs.isEmpty()) throw new CliException(lines("", r.resErrs), first(r));
        return ExitCodes.OK;
    }

    static int patched(String kind, PrintStream out) {
        out.println("Successfully patched 1 '" + kind + "' resource");
        return ExitCodes.OK;
    }

    static CliException patchFailed(String kind, CalicoException e) {
        return new CliException("Failed to patch '" + kind + "' resource: " + e.getMessage(), e);
    }

    /** What label did to the key. */
    enum LabelChange { SET, UPDATED, REMOVED }

    static int labelled(LabelChange change, String key, String kindArg, String name, PrintStream out) {
        out.println(switch (change) {
            case REMOVED -> "Successfully removed label " + key + " from " + kindArg + " " + name;
            case UPDATED -> "Successfully updated label " + key + " on " + kindArg + " " + name;
            case SET -> "Successfully set label " + key + " on " + kindArg + " " + name;
        });
        return ExitCodes.OK;
    }

    /** A file that does not parse, or no resources at all (calicoctl's "No resources specified"): true when reported. */
    private static boolean nothingToDo(CrudRunner.Results r, PrintStream out) {
        if (r.fileInvalid) throw new CliException("failed to execute command: " + r.err.getMessage(), r.err);
        if (r.numResources != 0) return false;
        if (r.err != null) throw r.err;
        out.println("No resources specified");
        return true;
    }

    private static void succeeded(CrudRunner.Results r, String past, PrintStream out) {
        if (r.singleKind != null) out.println("Successfully " + past + " " + r.numHandled + " '" + r.singleKind + "' resource(s)");
        else out.println("Successfully " + past + " " + r.numHandled + " resource(s)");
    }

    private static String lines(String prefix, List<? extends Exception> errs) {
        StringBuilder sb = new StringBuilder();
        for (Exception e : errs) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(prefix).append(e.getMessage());
        }
        return sb.toString();
    }

    /** Go's %v of a []error: "[a b]". */
    static String goList(List<? extends Exception> errs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < errs.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(errs.get(i).getMessage());
        }
        return sb.append(']').toString();
    }

    private static Throwable first(CrudRunner.Results r) { return r.resErrs.isEmpty() ? null : r.resErrs.get(0); }
}
