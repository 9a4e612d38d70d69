package dev.calicoctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * Command-line errors worded as cobra/pflag word them (calicoctl is a cobra program), so scripts
 * matching calicoctl's messages keep working: unknown flags and shorthands, missing flag values,
 * unknown subcommands, wrong argument counts, required flags.
 */
final class CobraErrors {
    private CobraErrors() {}

    /** cobra's ExactArgs / MinimumNArgs, checked before the command runs. */
    static void checkArgCount(CommandSpec spec, int min, int max) {
        if (min < 0) return;
        int received = positionalCount(spec.commandLine().getParseResult());
        if (max == min && received != min) throw new CliException("accepts " + min + " arg(s), received " + received);
        if (received < min) throw new CliException("requires at least " + min + " arg(s), only received " + received);
    }

    private static int positionalCount(CommandLine.ParseResult pr) {
        if (pr == null) return 0;
        int n = 0;
        for (CommandLine.Model.PositionalParamSpec p : pr.matchedPositionals()) n += p.originalStringValues().size();
        return n;
    }

    /** The message cobra would print for a picocli parse failure. */
    static String message(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        CommandSpec spec = cl.getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (first.startsWith("--")) return "unknown flag: " + (first.contains("=") ? first.substring(0, first.indexOf('=')) : first);
            if (first.startsWith("-") && first.length() > 1) {
                // picocli splits "-Am" into options; pflag names the whole group as typed
                for (String a : args) {
                    if (a.startsWith("-") && !a.startsWith("--") && a.length() > 1) {
                        String m = unknownShorthand(spec, a);
                        if (m != null) return m;
                    }
                }
                String m = unknownShorthand(spec, first);
                return m != null ? m : "unknown shorthand flag: '" + first.charAt(1) + "' in " + first;
            }
            if (!spec.subcommands().isEmpty()) return "unknown command \"" + first + "\" for \"" + spec.qualifiedName() + "\"";
            if (spec.userObject() instanceof BaseCommand bc && bc.argRule()[0] >= 0) {
                int received = positionalCount(cl.getParseResult()) + unmatched.size();
                int[] rule = bc.argRule();
                return rule[0] == rule[1] ? "accepts " + rule[0] + " arg(s), received " + received
                        : "requires at least " + rule[0] + " arg(s), only received " + received;
            }
            return "unknown command \"" + first + "\" for \"" + spec.qualifiedName() + "\"";
        }
        if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof CommandLine.Model.PositionalParamSpec && spec.userObject() instanceof BaseCommand bc) {
            int received = positionalCount(cl.getParseResult());
            int[] rule = bc.argRule();
            return rule[0] == rule[1] ? "accepts " + rule[0] + " arg(s), received " + received
                    : "requires at least " + rule[0] + " arg(s), only received " + received;
        }
        if (ex instanceof CommandLine.MissingParameterException m && ex.getMessage().startsWith("Missing required option")) {
            StringBuilder sb = new StringBuilder();
            for (ArgSpec a : m.getMissing()) {
                if (a instanceof OptionSpec o) sb.append(sb.length() > 0 ? " " : "").append('"').append(o.longestName().replaceFirst("^-+", "")).append('"');
            }
            return "required flag(s) " + sb + " not set";
        }
        if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty() && m.getMissing().get(0) instanceof OptionSpec o) {
            return "flag needs an argument: " + typedName(o, args);
        }
        return ex.getMessage();
    }

    /** pflag walks "-abc" one letter at a time; the first letter no flag has is the one it names (null: all known). */
    private static String unknownShorthand(CommandSpec spec, String arg) {
        String letters = arg.substring(1);
        int eq = letters.indexOf('=');
        if (eq >= 0) letters = letters.substring(0, eq);
        for (int i = 0; i < letters.length(); i++) {
            OptionSpec o = spec.findOption("-" + letters.charAt(i));
            if (o == null) return "unknown shorthand flag: '" + letters.charAt(i) + "' in " + arg;
            if (o.arity().max() > 0) break; // the rest is this flag's value
        }
        return null;
    }

    /** "--output" or "'o' in -o", as the user spelled the flag that lacks its value. */
    private static String typedName(OptionSpec o, String[] args) {
        for (int i = args.length - 1; i >= 0; i--) {
            for (String n : o.names()) {
                if (args[i].equals(n)) return n.startsWith("--") ? n : "'" + n.substring(1) + "' in " + n;
                // a shorthand at the end of a group: -Ao
                if (!n.startsWith("--") && args[i].startsWith("-") && !args[i].startsWith("--") && args[i].endsWith(n.substring(1))) {
                    return "'" + n.substring(1) + "' in " + args[i];
                }
            }
        }
        return o.longestName();
    }
}
