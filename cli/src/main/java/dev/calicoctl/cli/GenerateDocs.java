package dev.calicoctl.cli;

import dev.calicoctl.cli.complete.CompletionScripts;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes completions/calicoctl.bash and man/*.1 from the command model, so both always describe
 * the commands as they are. Run by `mvn -pl cli exec`-less means: java -cp … GenerateDocs ROOT
 * (src/gen-docs.sh); a test fails when the committed files are out of date.
 */
public final class GenerateDocs {
    private GenerateDocs() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Map.Entry<String, String> e : generate(root).entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
    }

    /** Every generated file, by path relative to the repository root (whose examples/ the man pages quote). */
    public static Map<String, String> generate(Path root) throws IOException {
        PrintStream nul = new PrintStream(java.io.OutputStream.nullOutputStream());
        CommandLine cl = new Cli(new Io(nul, nul, System.in, Map.of())).build();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("completions/calicoctl.bash", CompletionScripts.bash(cl));
        out.put("completions/_calicoctl.zsh", CompletionScripts.zsh(cl));
        out.put("completions/calicoctl.fish", CompletionScripts.fish(cl));
        man(cl, "calicoctl", ExampleLines.read(root), out);
        return out;
    }

    private static void man(CommandLine cl, String fullName, Map<String, List<String>> examples, Map<String, String> out) {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder sb = new StringBuilder();
        String title = fullName.replace(' ', '-');
        sb.append(".TH ").append(title.toUpperCase()).append(" 1 \"\" \"calicoctl for Java ").append(VersionCommand.VERSION).append("\" \"User Commands\"\n");
        sb.append(".SH NAME\n").append(title).append(" \\- ").append(esc(first(spec.usageMessage().description()))).append('\n');
        sb.append(".SH SYNOPSIS\n.nf\n").append(esc(cl.getHelp().synopsis(0).strip())).append("\n.fi\n");
        sb.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) sb.append(esc(line)).append('\n');
        if (!spec.positionalParameters().isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) continue;
                sb.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n").append(esc(String.join(" ", p.description()))).append('\n');
            }
        }
        sb.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            sb.append(".TP\n");
            String[] names = o.names();
            for (int i = 0; i < names.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append("\\fB").append(esc(names[i])).append("\\fR");
            }
            if (o.arity().max() > 0) sb.append("=").append("\\fI").append(esc(o.paramLabel())).append("\\fR");
            sb.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
        }
        if (!cl.getSubcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
                if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
                sb.append(".TP\n\\fB").append(esc(e.getKey())).append("\\fR\n")
                        .append(esc(first(e.getValue().getCommandSpec().usageMessage().description()))).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        List<String> fromExamples = examples.getOrDefault(fullName, List.of());
        if (footer.length > 0 || !fromExamples.isEmpty()) {
            sb.append(".SH EXAMPLES\n.nf\n");
            for (String f : footer) if (!f.isBlank() && !f.startsWith("Example")) sb.append(esc(f.strip())).append('\n');
            for (String f : fromExamples) sb.append(esc(f)).append('\n');
            sb.append(".fi\n");
        }
        out.put("man/" + title + ".1", sb.toString());
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
            man(e.getValue(), fullName + " " + e.getKey(), examples, out);
        }
    }

    private static String first(String[] lines) { return lines.length == 0 ? "" : lines[0]; }

    /** roff escaping: backslashes, and a leading dot or quote would start a request. */
    private static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
