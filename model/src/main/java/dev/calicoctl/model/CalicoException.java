package dev.calicoctl.model;

/** Base of every domain error; its message is what the user sees. */
public class CalicoException extends RuntimeException {
    public CalicoException(String message) { super(message); }
    public CalicoException(String message, Throwable cause) { super(message, cause); }
}
