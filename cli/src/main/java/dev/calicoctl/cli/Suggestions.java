package dev.calicoctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/** "Did you mean …?" for a mistyped command or flag: the nearest known names by edit distance. */
public final class Suggestions {
    private Suggestions() {}

    /** The hint line for a usage error, or null when nothing is close. */
    static String forError(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return null;
        String typed = u.getUnmatched().get(0);
        CommandLine cmd = ex.getCommandLine();
        List<String> known = new ArrayList<>();
        // a mistyped one-letter flag (-m, -Am) is as near to every other one-letter flag: no hint, as cobra gives none
        if (typed.startsWith("-") && !typed.startsWith("--")) return null;
        if (typed.startsWith("-")) {
            for (OptionSpec o : cmd.getCommandSpec().options()) if (!o.hidden()) known.addAll(List.of(o.names()));
            int eq = typed.indexOf('=');
            if (eq > 0) typed = typed.substring(0, eq);
        } else {
            for (var e : cmd.getSubcommands().entrySet()) if (!e.getValue().getCommandSpec().usageMessage().hidden()) known.add(e.getKey());
        }
        List<String> near = nearest(typed, known);
        if (near.isEmpty()) return null;
        return "Did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
    }

    /** The names at the smallest edit distance from {@code typed}, if it is small for the word's length; or that start with it. */
    public static List<String> nearest(String typed, List<String> known) {
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        int allowed = Math.max(1, Math.min(3, typed.replaceFirst("^-+", "").length() / 3 + 1));
        for (String k : known) {
            int d = distance(typed, k);
            if (d > allowed) continue;
            if (d < best) { best = d; out.clear(); }
            if (d == best && !out.contains(k)) out.add(k);
        }
        if (out.isEmpty() && typed.replaceFirst("^-+", "").length() >= 2) {
            for (String k : known) if (k.startsWith(typed)) out.add(k);
        }
        return out;
    }

    /** Levenshtein distance with transpositions counted as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
