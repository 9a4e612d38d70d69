package dev.calicoctl.cli.cni;

import dev.calicoctl.model.CalicoException;

/**
 * A CNI error result: the spec's error code, a one-line message and optional details. The
 * plugin prints it as the CNI error JSON on stdout and exits non-zero.
 */
public final class CniError extends CalicoException {
    /** The spec's well-known codes (SPEC.md "Error"), and this plugin's own (100+). */
    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int UNSUPPORTED_FIELD = 2;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODING_FAILURE = 6;
    public static final int INVALID_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;
    public static final int NOT_AVAILABLE = 50;
    /** No free address in the pools the workload may use. */
    public static final int NO_ADDRESSES = 100;
    /** CHECK: the container's allocation is missing or differs from its ADD result. */
    public static final int ALLOCATION_MISMATCH = 101;
    /** Anything else (the code Go's skel gives plain errors). */
    public static final int INTERNAL = 999;

    private final int code;
    private final String details;

    public CniError(int code, String msg) { this(code, msg, null); }

    public CniError(int code, String msg, String details) {
        super(oneLine(msg));
        this.code = code;
        this.details = details == null || details.isEmpty() ? null : oneLine(details);
    }

    public int code() { return code; }
    public String details() { return details; }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
