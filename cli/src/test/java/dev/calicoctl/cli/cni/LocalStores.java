package dev.calicoctl.cli.cni;

import dev.calicoctl.datastore.DatastoreConfig;

import java.nio.file.Path;
import java.util.List;

/** The embedded store at a test's own database file. */
final class LocalStores {
    private LocalStores() {}

    static DatastoreConfig at(Path db) {
        return new DatastoreConfig(DatastoreConfig.LOCAL, db, List.of(), null, null, null, null, null, null);
    }
}
