package dev.calicoctl.cli.shell;

import dev.calicoctl.cli.Cli;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Io;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.complete.Completions;
import dev.calicoctl.cli.term.Term;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** The shell on a terminal, on JLine: line editing, history, completion, Ctrl-C per command, watch. */
final class InteractiveShell {
    private InteractiveShell() {}

    /** Status of a command cancelled with Ctrl-C, as sh reports one killed by SIGINT. */
    static final int CANCELLED = 130;

    static int run(Shell shell) throws IOException {
        Io io = shell.io;
        // Ctrl-C outside line editing must not end the JVM: it is ours to route to the running command
        try (Terminal terminal = TerminalBuilder.builder().system(true).signalHandler(Terminal.SignalHandler.SIG_IGN).build();
             Session lookups = new Session(io, configPath(shell))) {
            Path state = Term.stateDir(io);
            Files.createDirectories(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Completions completions = new Completions(new Cli(io).build(), () -> lookups);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName(shell.name)
                    .completer(new ShellCompleter(completions, shell.name))
                    .variable(LineReader.HISTORY_FILE, state.resolve("history"))
                    .variable(LineReader.HISTORY_SIZE, 2000)
                    .option(LineReader.Option.AUTO_GROUP, true)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                    .build();
            // the commands see a terminal on all three streams, as they would run alone
            Map<String, String> env = new HashMap<>(io.env());
            env.put(Term.TTY_ENV, "012");
            while (true) {
                String text;
                try {
                    text = reader.readLine(shell.name + "> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                Shell.Line line;
                try {
                    line = shell.parse(Words.split(text));
                } catch (Shell.LineError e) {
                    terminal.writer().println(e.getMessage());
                    terminal.flush();
                    shell.lastStatus = ExitCodes.FAILURE;
                    continue;
                }
                if (line instanceof Shell.Exit x) return x.status();
                if (line instanceof Shell.Run r) cancellable(terminal, shell, gated -> shell.execute(r.args(), io.with(gated[0], gated[1], io.in(), env)));
                if (line instanceof Shell.Watch w) cancellable(terminal, shell, gated -> watch(terminal, shell, w, env));
            }
            return shell.lastStatus;
        }
    }

    private static String configPath(Shell shell) {
        int i = shell.globalArgs.indexOf("--config");
        return i >= 0 ? shell.globalArgs.get(i + 1) : null;
    }

    interface Work {
        void run(PrintStream[] gated) throws Exception;
    }

    /**
     * Runs the work on its own thread while this one waits; Ctrl-C (SIGINT, the terminal being in
     * its normal mode while a command runs) interrupts it, silences its output and returns to the
     * prompt at once. A datastore call already under way finishes in the background, unheard.
     */
    private static void cancellable(Terminal terminal, Shell shell, Work work) {
        Gate out = new Gate(shell.io.out()), err = new Gate(shell.io.err());
        PrintStream[] gated = {new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)};
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                work.run(gated);
            } catch (InterruptedException e) {
                // cancelled while waiting
            } catch (Exception e) {
                gated[1].println(e.getMessage());
                shell.lastStatus = ExitCodes.FAILURE;
            } finally {
                gated[0].flush();
                done.countDown();
            }
        }, "shell-command");
        worker.setDaemon(true);
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, sig -> {
            cancelled.set(true);
            out.open = false;
            err.open = false;
            worker.interrupt();
            done.countDown();
        });
        worker.start();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        if (cancelled.get()) {
            shell.lastStatus = CANCELLED;
            terminal.writer().println();
            terminal.writer().println("(cancelled)");
            terminal.flush();
        }
    }

    /** Reruns the command every interval, redrawing only what changed (JLine's Display), until Ctrl-C. */
    private static void watch(Terminal terminal, Shell shell, Shell.Watch w, Map<String, String> env) throws InterruptedException {
        Display display = new Display(terminal, true);
        terminal.puts(InfoCmp.Capability.clear_screen);
        terminal.flush();
        String header = "Every " + trim(w.seconds()) + "s: " + String.join(" ", w.args());
        while (!Thread.currentThread().isInterrupted()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
            shell.execute(w.args(), shell.io.with(ps, ps, java.io.InputStream.nullInputStream(), env));
            Size size = terminal.getSize();
            int rows = Math.max(2, size.getRows()), cols = Math.max(20, size.getColumns());
            display.resize(rows, cols);
            List<AttributedString> lines = new ArrayList<>();
            String clock = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
            lines.add(new AttributedString(header + " ".repeat(Math.max(1, cols - header.length() - clock.length() - 1)) + clock));
            lines.add(new AttributedString(""));
            for (String l : buf.toString(StandardCharsets.UTF_8).split("\n", -1)) {
                if (lines.size() >= rows - 1) break;
                lines.add(AttributedString.fromAnsi(l));
            }
            display.update(lines, size.cursorPos(lines.size() - 1, 0));
            terminal.flush();
            Thread.sleep((long) (w.seconds() * 1000));
        }
    }

    private static String trim(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }

    /** An output stream that can be shut off: a cancelled command's late output goes nowhere. */
    static final class Gate extends OutputStream {
        private final OutputStream to;
        volatile boolean open = true;

        Gate(OutputStream to) { this.to = to; }

        @Override public void write(int b) throws IOException { if (open) to.write(b); }

        @Override public void write(byte[] b, int off, int len) throws IOException { if (open) to.write(b, off, len); }

        @Override public void flush() throws IOException { if (open) to.flush(); }
    }

    /** JLine's side of {@link Completions}: shell builtins first, then the command model and the datastore. */
    static final class ShellCompleter implements Completer {
        private final Completions completions;
        private final String name;
        private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();

        ShellCompleter(Completions completions, String name) {
            this.completions = completions;
            this.name = name;
        }

        @Override public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
            List<String> before = new ArrayList<>(line.words().subList(0, line.wordIndex()));
            String prefix = line.word().substring(0, line.wordCursor());
            if (!before.isEmpty() && (before.get(0).equals("calicoctl") || before.get(0).equals(name))) before.remove(0);
            if (!before.isEmpty() && before.get(0).equals("watch")) {
                if (before.size() < 2) return; // the interval
                before = before.subList(2, before.size());
            }
            if (before.isEmpty()) {
                for (String b : List.of("exit", "quit", "watch")) if (b.startsWith(prefix)) out.add(new Candidate(b, b, null, "shell builtin", null, null, true));
            }
            Completions.Result r = completions.complete(before, prefix);
            for (Completions.Candidate c : r.candidates()) out.add(new Candidate(c.value(), c.value(), c.group(), c.description(), null, null, true));
            if (r.files()) files.complete(reader, line, out);
        }
    }
}
