package dev.calicoctl.model;

/**
 * Base of every domain error; its message is what the user sees, always on one line: line breaks
 * that arrive inside user input quoted in a message are shown escaped (\n), never printed.
 */
public class CalicoException extends RuntimeException {
    public CalicoException(String message) { super(oneLine(message)); }
    public CalicoException(String message, Throwable cause) { super(oneLine(message), cause); }

    /** For messages whose line breaks are part of calicoctl's own format (libcalico-go's multi-field validation errors). */
    protected CalicoException(String message, boolean verbatim) { super(verbatim ? message : oneLine(message)); }
    protected CalicoException(String message, Throwable cause, boolean verbatim) { super(verbatim ? message : oneLine(message), cause); }

    static String oneLine(String m) {
        if (m == null || (m.indexOf('\n') < 0 && m.indexOf('\r') < 0)) return m;
        return m.strip().replace("\r", "\\r").replace("\n", "\\n");
    }
}
