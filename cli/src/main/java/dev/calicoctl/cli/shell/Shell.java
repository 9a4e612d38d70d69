package dev.calicoctl.cli.shell;

import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Io;
import dev.calicoctl.cli.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a shell line means, terminal or not: blank lines and # comments do nothing, `exit [N]` and
 * `quit` leave, `watch N CMD` is handled by the caller, anything else runs as a calicoctl command
 * in this JVM (a leading "calicoctl" is dropped, so pasted command lines work).
 */
public final class Shell {
    final Io io;
    final List<String> globalArgs;
    final String name;
    int lastStatus = ExitCodes.OK;

    Shell(Io io, List<String> globalArgs, String name) {
        this.io = io;
        this.globalArgs = globalArgs;
        this.name = name;
    }

    /** A parsed line: a command to run, a watch, or an exit. */
    sealed interface Line permits Run, Watch, Exit, Nothing {}
    record Run(List<String> args) implements Line {}
    record Watch(double seconds, List<String> args) implements Line {}
    record Exit(int status) implements Line {}
    record Nothing() implements Line {}

    /** Thrown for a line that cannot run (bad watch interval, unbalanced quote): one message, the shell goes on. */
    static final class LineError extends Exception {
        LineError(String message) { super(message); }
    }

    Line parse(List<String> words) throws LineError {
        List<String> w = new ArrayList<>(words);
        w.removeIf(String::isEmpty);
        if (w.isEmpty() || w.get(0).startsWith("#")) return new Nothing();
        if (w.get(0).equals("calicoctl") || w.get(0).equals(name)) w.remove(0);
        if (w.isEmpty()) return new Nothing();
        switch (w.get(0)) {
            case "exit", "quit" -> {
                if (w.size() == 1) return new Exit(lastStatus);
                try {
                    return new Exit(Integer.parseInt(w.get(1)));
                } catch (NumberFormatException e) {
                    throw new LineError("exit: numeric argument required: " + w.get(1));
                }
            }
            case "shell" -> throw new LineError("already in the shell");
            case "watch" -> {
                if (w.size() < 3) throw new LineError("usage: watch SECONDS COMMAND...");
                double secs;
                try {
                    secs = Double.parseDouble(w.get(1));
                } catch (NumberFormatException e) {
                    throw new LineError("watch: the interval must be a number of seconds: " + w.get(1));
                }
                if (!(secs >= 0.1 && secs <= 86400)) throw new LineError("watch: the interval must be between 0.1 and 86400 seconds");
                return new Watch(secs, w.subList(2, w.size()));
            }
            default -> { return new Run(w); }
        }
    }

    /** Runs one command with the given streams; its status becomes the shell's last status. */
    int execute(List<String> args, Io with) {
        List<String> all = new ArrayList<>(globalArgs);
        all.addAll(args);
        long start = System.nanoTime();
        lastStatus = Main.execute(all.toArray(String[]::new), with);
        // bench/shell.sh: each command's time inside the warm JVM, on stderr
        if (io.env("CALICOCTL_SHELL_TIMING") != null) io.err().println("shell-timing: " + (System.nanoTime() - start) / 1000 + " us");
        return lastStatus;
    }

    /** Non-interactive: each line of stdin in turn; the status is the last command's (or exit's). */
    int runScript(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        // the commands get no stdin of their own: it is the script
        Io cmdIo = io.with(io.out(), io.err(), InputStream.nullInputStream(), io.env());
        String text;
        int lineNo = 0;
        while ((text = r.readLine()) != null) {
            lineNo++;
            Line line;
            try {
                line = parse(Words.split(text));
            } catch (LineError e) {
                io.err().println("line " + lineNo + ": " + e.getMessage());
                lastStatus = ExitCodes.FAILURE;
                continue;
            }
            if (line instanceof Exit x) return x.status();
            if (line instanceof Run run) execute(run.args(), cmdIo);
            if (line instanceof Watch) {
                io.err().println("line " + lineNo + ": watch needs a terminal");
                lastStatus = ExitCodes.FAILURE;
            }
        }
        return lastStatus;
    }
}
