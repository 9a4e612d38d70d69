package dev.calicoctl.cli;

/** Every exit status the tool returns, named in one place. calicoctl uses 1 for every failure. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** Any failure: bad input, a failed resource, an unreachable datastore. */
    public static final int FAILURE = 1;
    /** A command-line usage error (calicoctl, being cobra-based, also exits 1 here). */
    public static final int USAGE = 1;
}
