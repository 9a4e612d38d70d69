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
        // Start-up: System.exit reports itself to the JDK's System.Logger (Java 21+), whose first use
        // initialises java.util.logging and opens every jar on the class path looking for a logging
        // provider (~40-60 ms of CPU). A successful run that leaves no other live thread returns from
        // main instead: the JVM then exits with status 0 and runs the same shutdown hooks.
        if (rc == ExitCodes.OK && onlyDaemonThreadsLeft()) return;
        System.exit(rc);
    }

    /** No thread but this one would keep the JVM alive after main returns. */
    static boolean onlyDaemonThreadsLeft() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() + 16];
        int n = group.enumerate(threads, true);
        if (n == threads.length) return false; // more than we could see: do not guess
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) return false;
        }
        return true;
    }

    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        Trace.mark("main");
        return run(args, new Io(out, err, in, env));
    }

    /** As {@link #run(String[], PrintStream, PrintStream, InputStream, Map)}, with the streams, environment and default config file given. */
    public static int run(String[] args, Io io) {
        Map<String, String> env = io.env();
        // the CNI plugin (the launcher runs `calico-ipam` as `cni ipam`) needs no command line parsing
        if (args.length == 2 && args[0].equals("cni") && args[1].equals("ipam")) return new dev.calicoctl.cli.cni.CniPlugin(io).run();
        Prewarm.start(args, env);
        return execute(args, io);
    }

    /** One command, start to finish, without exiting: a process runs one, `calicoctl shell` many. */
    public static int execute(String[] args, Io io) {
        PrintStream out = io.out(), err = io.err();
        Cli cli = new Cli(io);
        CommandLine cl = cli.build(args);
        Trace.mark("command tree built");
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            boolean debug = "debug".equalsIgnoreCase(cli.global().logLevel);
            reportFailure(ex, err, debug);
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println(CobraErrors.message(ex, args1)); // one line, as cobra prints it (no usage dump)
            String hint = Suggestions.forError(ex);
            if (hint != null) err.println(hint);
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            reportFailure(e, err, false);
            return ExitCodes.FAILURE;
        }
    }

    /**
     * One line for the user: never a Java class name (that, with the stack, only at
     * --log-level=debug); an unexpected failure's message, or "internal error" when it has none.
     */
    static void reportFailure(Throwable ex, PrintStream err, boolean debug) {
        String msg;
        if (ex instanceof CalicoException) msg = ex.getMessage();
        else if (ex instanceof OutOfMemoryError) msg = "out of memory (input too large?)";
        else if (ex.getMessage() == null || ex.getMessage().isBlank()) msg = "internal error";
        else msg = "unexpected error: " + ex.getMessage().lines().findFirst().orElse("").strip();
        err.println(msg);
        if (debug) ex.printStackTrace(err);
    }

}
