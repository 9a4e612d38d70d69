package dev.calicoctl.cli.audit;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.Io;
import dev.calicoctl.cli.term.Term;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release audit trail: one JSON object per line in
 * ${XDG_STATE_HOME:-~/.local/state}/calicoctl/audit.log (mode 0600). Several processes may append
 * at once: the file is opened with O_APPEND and every line goes out in a single write(2), which the
 * kernel applies whole at the end of the file, so lines never interleave.
 */
public final class AuditLog {
    private AuditLog() {}

    /** One release, as written: the field names are the log's documented format. */
    public record Entry(Instant time, String user, String host, String datastore, String command,
                        List<String> addresses, List<String> handles, List<String> reports, String result) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
            m.put("user", user);
            m.put("host", host);
            m.put("datastore", datastore);
            m.put("command", command);
            m.put("addresses", new ArrayList<Object>(addresses));
            m.put("handles", new ArrayList<Object>(handles));
            m.put("reports", new ArrayList<Object>(reports));
            m.put("result", result);
            return m;
        }
    }

    public static Path path(Io io) { return Term.stateDir(io).resolve("audit.log"); }

    /** An entry stamped now, by this user on this host, against this datastore. */
    public static Entry entry(Io io, DatastoreConfig ds, String command, List<String> addresses, List<String> handles,
                              List<String> reports, String result) {
        String user = io.env("USER");
        if (user == null) user = System.getProperty("user.name", "");
        return new Entry(Instant.now(), user, hostname(io), describe(ds), command, addresses, handles, reports, result);
    }

    /** Appends one line; the caller decides what a failure means (the release itself already happened). */
    public static void append(Io io, Entry e) throws IOException {
        Path file = path(io);
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] line = (Json.write(e.json()) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            int n = ch.write(ByteBuffer.wrap(line));
            if (n != line.length) throw new IOException("short write to " + file);
        }
        // a log made by an older version or by hand keeps no wider mode than ours
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Every entry, oldest first; a line that is not a JSON object is an error naming its number. */
    public static List<Map<String, Object>> read(Io io) {
        Path file = path(io);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CliException("cannot read the audit log " + file + ": " + e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                out.add(Json.parseObject(lines.get(i)));
            } catch (CalicoException e) {
                throw new CliException("the audit log " + file + " is damaged at line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    static String describe(DatastoreConfig ds) {
        if (ds == null) return "";
        return switch (ds.type()) {
            case DatastoreConfig.LOCAL -> "local:" + ds.localDatabase();
            case DatastoreConfig.ETCDV3 -> "etcdv3:" + String.join(",", ds.etcdEndpoints());
            default -> ds.type();
        };
    }

    private static String hostname(Io io) {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) return h;
        } catch (IOException ignored) {
            // not Linux: fall through
        }
        String h = io.env("HOSTNAME");
        if (h != null) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
