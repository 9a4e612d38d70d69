package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;

/** A failure whose message is printed as-is on stderr, with exit status 1. */
public final class CliException extends CalicoException {
    public CliException(String message) { super(message); }

    /**
     * Wraps a domain error: its text was made one-line where it arose (or is libcalico-go's own
     * multi-line validation format), so the wrapped message keeps its line breaks, as calicoctl's do.
     */
    public CliException(String message, Throwable cause) { super(message, cause, cause instanceof CalicoException); }

    private CliException(String message, boolean verbatim) { super(message, verbatim); }

    /** A message whose line breaks are calicoctl's own format (the version-mismatch text, one line per failed delete). */
    static CliException formatted(String message) { return new CliException(message, true); }
}
