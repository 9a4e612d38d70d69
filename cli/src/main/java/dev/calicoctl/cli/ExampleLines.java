package dev.calicoctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The calicoctl command lines in examples/ (scripts and READMEs), by the command they run, for the
 * man pages' EXAMPLES sections: "calicoctl ipam show --show-blocks   (examples/namespace-pools/run.sh)".
 */
final class ExampleLines {
    private ExampleLines() {}

    /** calicoctl, ./calicoctl, "$ctl", $ctl at the start of a line or after a pipe or $( ; the rest is the command. */
    private static final Pattern CALL = Pattern.compile("(?:^|[|(;]\\s*)(?:\\S*/)?(?:calicoctl|\"\\$ctl\"|\\$ctl)\\s+([a-z][^|)#]*)");

    static Map<String, List<String>> read(Path root) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Path dir = root.resolve("examples");
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            for (String line : Files.readAllLines(f)) {
                Matcher m = CALL.matcher(line.strip());
                if (!m.find()) continue;
                String rest = m.group(1).strip().replaceAll("\\s+", " ");
                String cmd = commandPath(rest);
                if (cmd == null) continue;
                List<String> l = out.computeIfAbsent(cmd, k -> new ArrayList<>());
                String shown = "calicoctl " + rest + "   (" + rel + ")";
                if (!l.contains(shown)) l.add(shown);
            }
        }
        return out;
    }

    /** "ipam show --show-blocks" -> "calicoctl ipam show": the leading words that name commands. */
    private static String commandPath(String rest) {
        String[] w = rest.split(" ");
        StringBuilder p = new StringBuilder("calicoctl");
        boolean any = false;
        for (String word : w) {
            if (word.startsWith("-") || !word.matches("[a-z][a-z-]*")) break;
            String next = p + " " + word;
            if (!KNOWN.contains(next)) break;
            p.setLength(0);
            p.append(next);
            any = true;
        }
        return any ? p.toString() : null;
    }

    private static final java.util.Set<String> KNOWN = known();

    private static java.util.Set<String> known() {
        java.util.Set<String> s = new java.util.HashSet<>();
        java.io.PrintStream nul = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        add(new Cli(new Io(nul, nul, System.in, Map.of())).build(), "calicoctl", s);
        return s;
    }

    private static void add(picocli.CommandLine cl, String name, java.util.Set<String> s) {
        s.add(name);
        for (var e : cl.getSubcommands().entrySet()) add(e.getValue(), name + " " + e.getKey(), s);
    }
}
