package dev.calicoctl.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** What every command shares: its declaration, its streams, the global options, a datastore session. */
public abstract class BaseCommand implements Callable<Integer> {
    private Cli cli;

    /** Declares the command's name, description and options (bound to its fields). */
    protected abstract void define(Def d);

    protected abstract int run(Session session) throws Exception;

    /** Builds this command's picocli model; called once by the command tree. */
    final CommandSpec build(Cli cli, String name) {
        this.cli = cli;
        Def d = new Def(this, name);
        define(d);
        return d.spec();
    }

    protected Io io() { return cli.io(); }

    protected GlobalOptions global() { return cli.global(); }

    @Override public final Integer call() throws Exception {
        Trace.mark("arguments parsed");
        try (Session s = new Session(io(), global().config, global().context)) {
            int rc = run(s);
            Trace.mark("command done");
            return rc;
        }
    }
}
