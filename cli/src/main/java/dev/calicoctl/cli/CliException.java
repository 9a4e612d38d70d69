package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;

/** A failure whose message is printed as-is on stderr, with exit status 1. */
public final class CliException extends CalicoException {
    public CliException(String message) { super(message); }
    public CliException(String message, Throwable cause) { super(message, cause); }
    private CliException(String message, Throwable cause, boolean verbatim) { super(message, cause, verbatim); }

    /**
     * A message whose line breaks are calicoctl's own format (multi-field validation errors wrapped
     * by "failed to create …", the version-mismatch report); its parts must already be single-line.
     */
    public static CliException verbatim(String message, Throwable cause) { return new CliException(message, cause, true); }
}
