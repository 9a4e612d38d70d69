package dev.calicoctl.datastore;

import java.util.List;
import java.util.Optional;

/**
 * Keyed JSON values with revisions and compare-and-swap, laid out as Calico lays them out in
 * etcd. Every backend (local, etcdv3, kubernetes) implements exactly this and passes the
 * same contract tests; nothing above this interface knows which backend it talks to.
 * Implementations are safe for use by several threads at once.
 */
public interface Datastore extends AutoCloseable {
    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix}, in key order. */
    List<KeyValue> list(String prefix);

    /** Creates the key; {@link DatastoreException.AlreadyExists} when it exists. */
    KeyValue create(String key, String value);

    /**
     * Replaces the value only if the key's revision is still {@code revision};
     * {@link DatastoreException.Conflict} when it changed, NotFound when it is gone.
     */
    KeyValue update(String key, String value, long revision);

    /**
     * Creates many keys in one all-or-nothing step (bulk loads, imports);
     * {@link DatastoreException.AlreadyExists} and nothing written when any key exists.
     */
    void createAll(java.util.Map<String, String> entries);

    /** Deletes the key if its revision is {@code revision} (0: whatever it is). */
    void delete(String key, long revision);

    /** A short description for messages, e.g. "local datastore /path/datastore.db". */
    String describe();

    @Override void close();
}
