package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.model.CalicoException;

/** A parse or execution error, worded and positioned as Go's text/template words it. */
public final class TemplateException extends CalicoException {
    TemplateException(String message) { super(message); }
}
