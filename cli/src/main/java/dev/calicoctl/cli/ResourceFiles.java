package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads -f: a file, stdin ("-") or a directory of .yaml/.yml/.json files (recursively with -R). */
public final class ResourceFiles {
    private ResourceFiles() {}

    /** A whole-file problem: calicoctl reports it as "failed to execute command: …" and writes nothing. */
    public static final class FileInvalid extends CalicoException {
        public FileInvalid(String m) { super(m); }
    }

    /** One file's resources (possibly none). */
    public record Loaded(String name, List<Resource> resources) {}

    public static List<Loaded> load(String filename, boolean recursive, InputStream stdin) {
        List<Loaded> out = new ArrayList<>();
        if (filename.equals("-")) {
            out.add(new Loaded(filename, decode(readBounded(stdin), "stdin")));
            return out;
        }
        Path p = Path.of(filename);
        if (Files.isDirectory(p)) {
            for (Path f : listManifests(p, recursive)) out.add(new Loaded(f.toString(), decode(readFile(f), f.toString())));
        } else {
            out.add(new Loaded(filename, decode(readFile(p), filename)));
        }
        return out;
    }

    private static List<Resource> decode(byte[] bytes, String source) {
        try {
            return ResourceCodec.decode(bytes, source);
        } catch (CalicoException e) {
            throw new FileInvalid("error parsing " + source + ": " + e.getMessage());
        }
    }

    private static List<Path> listManifests(Path dir, boolean recursive) {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> { String n = f.getFileName().toString(); return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"); })
                    .sorted().toList();
        } catch (IOException e) {
            throw new FileInvalid("open " + dir + ": " + e.getMessage());
        }
    }

    private static byte[] readFile(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                // devices, FIFOs, process substitution: no size to trust, so read at most one byte over the cap
                if (!Files.exists(p)) throw new NoSuchFileException(p.toString());
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] b = in.readNBytes(ResourceCodec.MAX_INPUT_BYTES + 1);
                    if (b.length > ResourceCodec.MAX_INPUT_BYTES) {
                        throw new FileInvalid(p + " is over the " + ResourceCodec.MAX_INPUT_BYTES + "-byte limit for one manifest");
                    }
                    return b;
                }
            }
            long size = Files.size(p);
            if (size > ResourceCodec.MAX_INPUT_BYTES) {
                throw new FileInvalid(p + " is " + size + " bytes, over the " + ResourceCodec.MAX_INPUT_BYTES + "-byte limit for one manifest");
            }
            byte[] b = Files.readAllBytes(p);
            // a file that grew between size() and the read
            if (b.length > ResourceCodec.MAX_INPUT_BYTES) throw new FileInvalid(p + " is over the " + ResourceCodec.MAX_INPUT_BYTES + "-byte limit for one manifest");
            return b;
        } catch (NoSuchFileException e) {
            throw new FileInvalid("open " + p + ": no such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new FileInvalid("open " + p + ": permission denied");
        } catch (IOException e) {
            throw new FileInvalid("open " + p + ": " + e.getMessage());
        }
    }

    private static byte[] readBounded(InputStream in) {
        try {
            byte[] b = in.readNBytes(ResourceCodec.MAX_INPUT_BYTES + 1);
            if (b.length > ResourceCodec.MAX_INPUT_BYTES) {
                throw new FileInvalid("stdin is over the " + ResourceCodec.MAX_INPUT_BYTES + "-byte limit for one manifest");
            }
            return b;
        } catch (IOException e) {
            throw new FileInvalid("read stdin: " + e.getMessage());
        }
    }
}
