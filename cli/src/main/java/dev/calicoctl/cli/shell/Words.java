package dev.calicoctl.cli.shell;

import java.util.ArrayList;
import java.util.List;

/** Splits a shell line into words as sh does for the simple cases: blanks, 'single' and "double" quotes, backslash. */
final class Words {
    private Words() {}

    static List<String> split(String line) throws Shell.LineError {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) cur.append(line.charAt(++i));
                else cur.append(c);
                continue;
            }
            if (c == '\'' || c == '"') { quote = c; inWord = true; continue; }
            if (c == '\\' && i + 1 < line.length()) { cur.append(line.charAt(++i)); inWord = true; continue; }
            if (Character.isWhitespace(c)) {
                if (inWord) { out.add(cur.toString()); cur.setLength(0); inWord = false; }
                continue;
            }
            if (c == '#' && !inWord) break;
            cur.append(c);
            inWord = true;
        }
        if (quote != 0) throw new Shell.LineError("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        if (inWord) out.add(cur.toString());
        return out;
    }
}
