package dev.calicoctl.datastore;

import dev.calicoctl.model.CalicoException;

/** Typed datastore errors; callers branch on the subclass, users read the message. */
public class DatastoreException extends CalicoException {
    public DatastoreException(String message) { super(message); }
    public DatastoreException(String message, Throwable cause) { super(message, cause); }

    /**
     * The key or resource does not exist: the one not-found type of every layer (backends say
     * "key does not exist: …", ResourceStore libcalico-go's "resource does not exist: …").
     */
    public static final class NotFound extends DatastoreException {
        public NotFound(String message) { super(message); }
    }

    /** Create of a key that exists. */
    public static final class AlreadyExists extends DatastoreException {
        public AlreadyExists(String message) { super(message); }
    }

    /** Compare-and-swap lost: the key changed since it was read. */
    public static final class Conflict extends DatastoreException {
        public Conflict(String message) { super(message); }
    }

    /** A request larger than the backend takes in one step (more writes than Datastore#maxCommitWrites, more bytes than etcd takes); nothing was written. */
    public static final class TooLarge extends DatastoreException {
        public TooLarge(String message) { super(message); }
    }

    /** The datastore cannot be reached, opened or written. */
    public static final class Unavailable extends DatastoreException {
        public Unavailable(String message) { super(message); }
        public Unavailable(String message, Throwable cause) { super(message, cause); }
    }
}
