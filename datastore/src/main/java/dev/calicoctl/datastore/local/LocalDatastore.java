package dev.calicoctl.datastore.local;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default datastore: one SQLite file in WAL mode. Keys and JSON values are those
 * Calico keeps in etcd; a global revision counter plays etcd's role, so resourceVersion and
 * compare-and-swap mean the same here. Every write (a commit of many keys included) is one
 * BEGIN IMMEDIATE transaction, which serialises writers across processes (with a busy timeout)
 * while readers carry on; a batch read or a listing is one read transaction, so one snapshot.
 */
public final class LocalDatastore implements Datastore {
    private static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path path;
    private final Connection conn;
    /** Prepared once per connection: compiling SQL costs more than running these statements. */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private Statement plain;

    private PreparedStatement sql(String text) throws SQLException {
        PreparedStatement ps = statements.get(text);
        if (ps == null) {
            ps = conn.prepareStatement(text);
            statements.put(text, ps);
        }
        return ps;
    }

    private Statement plain() throws SQLException {
        if (plain == null) plain = conn.createStatement();
        return plain;
    }

    private LocalDatastore(Path path, Connection conn) {
        this.path = path;
        this.conn = conn;
    }

    private static boolean prewarmed;

    /**
     * Does the one-time work of opening SQLite (native library, driver configuration with its
     * date formats) ahead of need; the CLI runs it on a second thread while it parses arguments.
     * Once per process: {@link #open} calls it too, and so waits for a prewarm under way instead of
     * repeating it (the driver's date-format cache does not stop two threads building the same entry).
     */
    public static synchronized void prewarm() {
        if (prewarmed) return;
        prewarmed = true;
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
            new SQLiteConfig();
        } catch (Exception | LinkageError ignored) {
            // the real open will report whatever is wrong
        }
    }

    public static LocalDatastore open(Path path) {
        prewarm();
        try {
            if (!Files.exists(path)) createStore(path);
        } catch (IOException e) {
            throw new DatastoreException.Unavailable("cannot create local datastore " + path + ": " + describe(e));
        }
        if (!Files.isReadable(path)) throw new DatastoreException.Unavailable("cannot read local datastore " + path + ": permission denied");
        try {
            // a new store is never empty (createStore writes its schema first), so an empty file is damage, not a fresh start
            if (Files.isRegularFile(path) && Files.size(path) == 0) {
                throw new DatastoreException.Unavailable("local datastore " + path + " is an empty file (0 bytes), not a calicoctl datastore;"
                        + " restore it from a backup, or remove it to start a new, empty store");
            }
        } catch (IOException e) {
            throw new DatastoreException.Unavailable("cannot read local datastore " + path + ": " + describe(e));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
        LocalDatastore ds = new LocalDatastore(path, c);
        try {
            ds.initSchema(false);
        } catch (ForeignDatabase e) {
            ds.close();
            throw new DatastoreException.Unavailable(e.getMessage(), e);
        } catch (SQLException e) {
            ds.close();
            throw unavailable(path, e);
        }
        return ds;
    }

    /**
     * Creates a new store whole: schema written into a private temporary file beside it, which is
     * then linked into place (never replacing a file another process made meanwhile). So the path
     * never names a half-made store, and an empty file at the path always means damage.
     */
    private static void createStore(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // SQLite gives its -wal and -shm files the database file's mode, so they stay private too.
        Path temp = Files.createTempFile(parent, "." + path.getFileName() + ".", ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            SQLiteConfig config = new SQLiteConfig();
            try (Connection c = config.createConnection("jdbc:sqlite:" + temp)) {
                new LocalDatastore(temp, c).initSchema(true);
            } catch (SQLException e) {
                throw unavailable(path, e);
            }
            try {
                Files.createLink(path, temp);
            } catch (FileAlreadyExistsException raced) {
                // another calicoctl process created it first: use theirs
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "file exists";
        return m == null || m.isBlank() ? "input/output error" : m;
    }

    /** A database that is not ours; reported as is, never initialised. */
    private static final class ForeignDatabase extends SQLException {
        ForeignDatabase(String m) { super(m); }
    }

    private static DatastoreException unavailable(Path path, SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("NOTADB") || m.contains("not a database")) {
            return new DatastoreException.Unavailable("local datastore " + path + " is not a valid database (file is not a database); move it aside or set CALICOCTL_LOCAL_DB", e);
        }
        if (m.contains("CORRUPT") || m.contains("malformed")) {
            return new DatastoreException.Unavailable("local datastore " + path + " is corrupt (database disk image is malformed)", e);
        }
        if (m.contains("READONLY") || m.contains("readonly") || m.contains("CANTOPEN") || m.contains("unable to open")) {
            // SQLite's side files (made by another user's run, say) are often the read-only part, not the database
            for (String side : new String[]{"-shm", "-wal"}) {
                Path f = Path.of(path + side);
                if (Files.exists(f) && !Files.isWritable(f)) {
                    return new DatastoreException.Unavailable("local datastore " + path + " cannot be written: its SQLite file " + f + " is read-only", e);
                }
            }
        }
        if (m.contains("READONLY") || m.contains("readonly")) {
            return new DatastoreException.Unavailable("local datastore " + path + " is not writable (read-only file or directory)", e);
        }
        if (m.contains("CANTOPEN") || m.contains("unable to open")) {
            return new DatastoreException.Unavailable("cannot open local datastore " + path + " (check the file and its directory are writable)", e);
        }
        if (m.contains("BUSY") || m.contains("locked")) {
            return new DatastoreException.Unavailable("local datastore " + path + " stayed locked by another process for " + BUSY_TIMEOUT_MS / 1000 + "s", e);
        }
        return new DatastoreException.Unavailable("local datastore " + path + ": " + firstLine(m), e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void initSchema(boolean fresh) throws SQLException {
        try (Statement st = conn.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == SCHEMA_VERSION) return;
            if (version > SCHEMA_VERSION) throw new SQLException("local datastore " + path + " was written by a newer calicoctl (schema " + version + ")");
            if (!fresh) {
                // only createStore makes a schema: anything else is another application's database, left untouched
                throw new ForeignDatabase("local datastore " + path + " is an SQLite database without calicoctl's schema"
                        + " (another application's file?); it was not changed. Point CALICOCTL_LOCAL_DB elsewhere");
            }
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("BEGIN IMMEDIATE");
            try {
                st.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL) WITHOUT ROWID");
                st.execute("CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), rev INTEGER NOT NULL)");
                st.execute("INSERT OR IGNORE INTO meta (id, rev) VALUES (1, 1)");
                st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                st.execute("COMMIT");
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> { T run() throws SQLException; }

    /** Runs {@code work} in one BEGIN IMMEDIATE transaction: all of it lands or none of it. */
    private synchronized <T> T inWriteTransaction(Work<T> work) {
        try {
            Statement st = plain();
            st.execute("BEGIN IMMEDIATE");
            boolean done = false;
            try {
                T out = work.run();
                st.execute("COMMIT");
                done = true;
                return out;
            } finally {
                if (!done) {
                    try { st.execute("ROLLBACK"); } catch (SQLException ignored) { /* already rolled back */ }
                }
            }
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
    }

    private long nextRevision() throws SQLException {
        try (ResultSet rs = sql("UPDATE meta SET rev = rev + 1 WHERE id = 1 RETURNING rev").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private KeyValue read(String key) throws SQLException {
        PreparedStatement ps = sql("SELECT value, mod_rev FROM kv WHERE key = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new KeyValue(key, rs.getString(1), rs.getLong(2)) : null;
        }
    }

    @Override public synchronized Optional<KeyValue> get(String key) {
        try {
            return Optional.ofNullable(read(key));
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
    }

    /**
     * Runs {@code work} in one read transaction: in WAL mode every SELECT in it sees the store as
     * of its first one, whatever other processes commit meanwhile.
     */
    private synchronized <T> T inReadTransaction(Work<T> work) {
        try {
            Statement st = plain();
            st.execute("BEGIN");
            try {
                return work.run();
            } finally {
                st.execute("COMMIT"); // ends the snapshot; nothing was written
            }
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
    }

    @Override public Listing listing(String prefix) {
        return inReadTransaction(() -> {
            List<KeyValue> items = prefixRead(prefix);
            try (ResultSet rs = sql("SELECT rev FROM meta WHERE id = 1").executeQuery()) {
                return new Listing(items, rs.next() ? rs.getLong(1) : 0);
            }
        });
    }

    @Override public synchronized List<KeyValue> list(String prefix) {
        try {
            return prefixRead(prefix);
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
    }

    private List<KeyValue> prefixRead(String prefix) throws SQLException {
        List<KeyValue> out = new ArrayList<>();
        PreparedStatement ps = sql("SELECT key, value, mod_rev FROM kv WHERE key >= ? AND key < ? ORDER BY key");
        ps.setString(1, prefix);
        ps.setString(2, prefix + '\uffff');
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new KeyValue(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
        return out;
    }

    /**
     * One SELECT read row by row (a statement of its own, so the consumer may read through this
     * store meanwhile): SQLite keeps one snapshot for the statement's life.
     */
    @Override public synchronized void scan(String prefix, int pageSize, java.util.function.Consumer<List<KeyValue>> page) {
        if (pageSize < 1) throw new IllegalArgumentException("page size must be positive: " + pageSize);
        try (PreparedStatement ps = conn.prepareStatement("SELECT key, value, mod_rev FROM kv WHERE key >= ? AND key < ? ORDER BY key")) {
            ps.setString(1, prefix);
            ps.setString(2, prefix + '\uffff');
            try (ResultSet rs = ps.executeQuery()) {
                List<KeyValue> out = new ArrayList<>(Math.min(pageSize, 4096));
                while (rs.next()) {
                    out.add(new KeyValue(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    if (out.size() == pageSize) {
                        page.accept(out);
                        out = new ArrayList<>(Math.min(pageSize, 4096));
                    }
                }
                if (!out.isEmpty()) page.accept(out);
            }
        } catch (SQLException e) {
            throw unavailable(path, e);
        }
    }

    @Override public KeyValue create(String key, String value) {
        return inWriteTransaction(() -> {
            if (read(key) != null) throw new DatastoreException.AlreadyExists("key already exists: " + key);
            long rev = nextRevision();
            PreparedStatement ps = sql("INSERT INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)");
            ps.setString(1, key);
            ps.setString(2, value);
            ps.setLong(3, rev);
            ps.setLong(4, rev);
            ps.executeUpdate();
            return new KeyValue(key, value, rev);
        });
    }

    @Override public void createAll(java.util.Map<String, String> entries) {
        inWriteTransaction(() -> {
            long rev = nextRevision();
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)")) {
                for (java.util.Map.Entry<String, String> e : entries.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.setLong(3, rev);
                    ps.setLong(4, rev);
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("UNIQUE") || m.contains("PRIMARY KEY")) throw new DatastoreException.AlreadyExists("some keys already exist; nothing was written");
                throw e;
            }
            return null;
        });
    }

    /** Called after each read of a batch, inside its transaction (tests: a writer on another connection). */
    private Runnable afterEachRead = () -> { };

    void afterEachRead(Runnable hook) { afterEachRead = hook; }

    /** The whole batch in one read transaction: one snapshot, as etcd's one transaction. */
    @Override public List<List<KeyValue>> read(List<Read> reads) {
        return inReadTransaction(() -> {
            List<List<KeyValue>> out = new ArrayList<>();
            for (Read r : reads) {
                if (r.prefix()) out.add(prefixRead(r.key()));
                else out.add(Optional.ofNullable(read(r.key())).map(List::of).orElse(List.of()));
                afterEachRead.run();
            }
            return out;
        });
    }

    @Override public long commit(List<Write> writes) {
        return inWriteTransaction(() -> {
            for (Write w : writes) {
                KeyValue cur = read(w.key());
                boolean ok = w.revision() == 0 ? cur == null : cur != null && cur.revision() == w.revision();
                if (!ok) {
                    throw new DatastoreException.Conflict("key " + w.key() + " is not at the expected revision " + w.revision()
                            + (cur == null ? " (absent)" : " (now " + cur.revision() + ")"));
                }
            }
            long rev = nextRevision();
            for (Write w : writes) {
                if (w.value() == null) {
                    PreparedStatement ps = sql("DELETE FROM kv WHERE key = ?");
                    ps.setString(1, w.key());
                    ps.executeUpdate();
                } else if (w.revision() == 0) {
                    PreparedStatement ps = sql("INSERT INTO kv (key, value, create_rev, mod_rev) VALUES (?, ?, ?, ?)");
                    ps.setString(1, w.key());
                    ps.setString(2, w.value());
                    ps.setLong(3, rev);
                    ps.setLong(4, rev);
                    ps.executeUpdate();
                } else {
                    PreparedStatement ps = sql("UPDATE kv SET value = ?, mod_rev = ? WHERE key = ?");
                    ps.setString(1, w.value());
                    ps.setLong(2, rev);
                    ps.setString(3, w.key());
                    ps.executeUpdate();
                }
            }
            return rev;
        });
    }

    @Override public KeyValue update(String key, String value, long revision) {
        return inWriteTransaction(() -> {
            KeyValue cur = read(key);
            if (cur == null) throw new DatastoreException.NotFound("key does not exist: " + key);
            if (cur.revision() != revision) {
                throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date (latest: " + cur.revision() + ")");
            }
            long rev = nextRevision();
            PreparedStatement ps = sql("UPDATE kv SET value = ?, mod_rev = ? WHERE key = ?");
            ps.setString(1, value);
            ps.setLong(2, rev);
            ps.setString(3, key);
            ps.executeUpdate();
            return new KeyValue(key, value, rev);
        });
    }

    @Override public void delete(String key, long revision) {
        inWriteTransaction(() -> {
            KeyValue cur = read(key);
            if (cur == null) throw new DatastoreException.NotFound("key does not exist: " + key);
            if (revision != 0 && cur.revision() != revision) {
                throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date (latest: " + cur.revision() + ")");
            }
            nextRevision();
            PreparedStatement ps = sql("DELETE FROM kv WHERE key = ?");
            ps.setString(1, key);
            ps.executeUpdate();
            return null;
        });
    }

    @Override public String describe() { return "local datastore " + path; }

    @Override public synchronized void close() {
        try {
            for (PreparedStatement ps : statements.values()) ps.close();
            if (plain != null) plain.close();
            conn.close();
        } catch (SQLException ignored) {
            // nothing useful to do on close
        }
    }
}
