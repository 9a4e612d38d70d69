package dev.calicoctl.datastore;

/** One stored key: its JSON value and the revision of its last write (etcd's mod_revision). */
public record KeyValue(String key, String value, long revision) {}
