package dev.calicoctl.datastore.local;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreContract;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;

import java.util.List;
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

    /**
     * A batch read is one read transaction: a commit another process makes between two of its
     * reads is not seen by the later ones (nor the earlier), so the batch is never half old, half new.
     */
    @Test
    void aBatchReadIsOneSnapshotWhileAnotherConnectionWrites() {
        LocalDatastore reader = (LocalDatastore) open();
        Datastore writer = open(); // its own SQLite connection, as another process has
        KeyValue a = writer.create(key("snap-a"), value(1)), b = writer.create(key("snap-b"), value(1));
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        reader.afterEachRead(() -> {
            if (reads.incrementAndGet() == 1) {
                writer.commit(List.of(new Datastore.Write(a.key(), value(2), a.revision()), new Datastore.Write(b.key(), value(2), b.revision())));
            }
        });
        List<List<KeyValue>> out = reader.read(List.of(Datastore.Read.key(a.key()), Datastore.Read.key(b.key()), Datastore.Read.prefix(key("snap-"))));
        assertThat(reads).hasValue(3);
        assertThat(out.get(0)).containsExactly(a);
        assertThat(out.get(1)).containsExactly(b);
        assertThat(out.get(2)).containsExactly(a, b);
        // the next read sees the commit whole
        reader.afterEachRead(() -> { });
        List<List<KeyValue>> next = reader.read(List.of(Datastore.Read.key(a.key()), Datastore.Read.key(b.key())));
        assertThat(next.get(0).get(0).value()).isEqualTo(value(2));
        assertThat(next.get(1).get(0).value()).isEqualTo(value(2));
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
