package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;

/** A failure whose message is printed as-is on stderr, with exit status 1. */
public final class CliException extends CalicoException {
    public CliException(String message) { super(message); }
    public CliException(String message, Throwable cause) { super(message, cause); }
}
