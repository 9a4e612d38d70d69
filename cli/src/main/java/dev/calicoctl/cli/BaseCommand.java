package dev.calicoctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every command shares: its streams, the global options, a datastore session. */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec protected CommandSpec spec;

    protected Io io() { return ((CalicoctlCommand) spec.root().userObject()).io(); }

    /** A global option's value wherever on the line it was given (before or after the subcommand). */
    protected <T> T global(String name, T dflt) {
        for (CommandSpec c = spec; c != null; c = c.parent()) {
            ParseResult pr = c.commandLine().getParseResult();
            if (pr != null && pr.hasMatchedOption(name)) return pr.matchedOptionValue(name, dflt);
        }
        return dflt;
    }

    protected String configPath() { return global("--config", ClientConfig.DEFAULT_CONFIG_PATH); }

    @Override public final Integer call() throws Exception {
        try (Session s = new Session(io(), configPath())) {
            return run(s);
        }
    }

    protected abstract int run(Session session) throws Exception;

    protected CommandLine commandLine() { return spec.commandLine(); }
}
