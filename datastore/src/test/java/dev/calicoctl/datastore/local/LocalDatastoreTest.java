package dev.calicoctl.datastore.local;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreContract;
import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDatastoreTest extends DatastoreContract {
    @TempDir Path dir;

    @Override protected Datastore connect() {
        return LocalDatastore.open(dir.resolve("store.db"));
    }

    @Test
    void fileIsCreatedPrivate() throws Exception {
        Path db = dir.resolve("sub/dir/store.db");
        LocalDatastore.open(db).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Path db = dir.resolve("corrupt.db");
        Files.write(db, "this is not a database, just some text that is long enough to look like a header".repeat(100).getBytes());
        assertThatThrownBy(() -> LocalDatastore.open(db).list("/"))
                .isInstanceOf(DatastoreException.Unavailable.class).hasMessageContaining("not a valid database");
    }

    @Test
    void unusableLocationsAreClearErrors() throws Exception {
        // (tests run as root in CI, where permission bits do not stop writes: use paths nobody can use)
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> LocalDatastore.open(file.resolve("store.db")))
                .isInstanceOf(DatastoreException.Unavailable.class).hasMessageContaining("cannot create local datastore");
        Path isDir = dir.resolve("a-directory");
        Files.createDirectory(isDir);
        assertThatThrownBy(() -> LocalDatastore.open(isDir))
                .isInstanceOf(DatastoreException.Unavailable.class).hasMessageContaining(isDir.toString());
    }

    @Test
    void schemaSurvivesReopen() {
        try (LocalDatastore a = LocalDatastore.open(dir.resolve("r.db"))) {
            a.create("/calico/test/a", "1");
        }
        try (LocalDatastore b = LocalDatastore.open(dir.resolve("r.db"))) {
            assertThat(b.get("/calico/test/a")).isPresent();
            assertThat(b.create("/calico/test/b", "1").revision()).isGreaterThan(b.get("/calico/test/a").orElseThrow().revision());
        }
    }
}
