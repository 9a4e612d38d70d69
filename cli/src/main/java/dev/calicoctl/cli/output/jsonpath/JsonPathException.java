package dev.calicoctl.cli.output.jsonpath;

import dev.calicoctl.model.CalicoException;

/** A jsonpath parse or execution error; the message names the column in the template. */
public final class JsonPathException extends CalicoException {
    JsonPathException(String message) { super(message); }
}
