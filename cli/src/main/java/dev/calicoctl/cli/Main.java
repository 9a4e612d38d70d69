package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Entry point. Maps every failure to one line on stderr (a stack trace only with
 * --log-level=debug) and an exit code from {@link ExitCodes}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err, System.in, System.getenv());
        System.out.flush();
        System.exit(rc);
    }

    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        Io io = new Io(out, err, in, env);
        CommandLine cl = new CommandLine(new CalicoctlCommand(io), new Factory(io));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean debug = "debug".equalsIgnoreCase(logLevel(parseResult));
            reportFailure(ex, err, debug);
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println(ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            reportFailure(e, err, false);
            return ExitCodes.FAILURE;
        }
    }

    private static String logLevel(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--log-level")) return p.matchedOptionValue("--log-level", "panic");
        }
        return "panic";
    }

    static void reportFailure(Throwable ex, PrintStream err, boolean debug) {
        String msg;
        if (ex instanceof CalicoException) msg = ex.getMessage();
        else if (ex instanceof OutOfMemoryError) msg = "out of memory (input too large?)";
        else msg = "unexpected error: " + ex;
        err.println(msg);
        if (debug) ex.printStackTrace(err);
    }

    /** Builds command objects, handing the root its Io. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;
        private final CommandLine.IFactory dflt = CommandLine.defaultFactory();

        Factory(Io io) { this.io = io; }

        @Override public <K> K create(Class<K> cls) throws Exception {
            if (cls == CalicoctlCommand.class) return cls.cast(new CalicoctlCommand(io));
            return dflt.create(cls);
        }
    }
}
