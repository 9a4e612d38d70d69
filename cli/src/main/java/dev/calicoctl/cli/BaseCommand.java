package dev.calicoctl.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** What every command shares: its declaration, its streams, the global options, a datastore session. */
public abstract class BaseCommand implements Callable<Integer> {
    private Cli cli;
    private CommandSpec spec;
    private int minArgs = -1, maxArgs = -1;
    private Def def;

    /** Declares the command's name, description and options (bound to its fields). */
    protected abstract void define(Def d);

    protected abstract int run(Session session) throws Exception;

    /** Builds this command's picocli model; called once by the command tree. */
    final CommandSpec build(Cli cli, String name) {
        this.cli = cli;
        Def d = new Def(this, name);
        define(d);
        this.spec = d.spec();
        this.minArgs = d.minArgs;
        this.maxArgs = d.maxArgs;
        this.def = d;
        return d.spec();
    }

    /** cobra's Args rule for this command: {min, max}, -1 meaning none. */
    int[] argRule() { return new int[] {minArgs, maxArgs}; }

    /**
     * Whether calicoctl runs its client/cluster version check first (every datastore command but
     * validate, version, datastore migrate import, and the additions ipam audit, shell and __complete).
     */
    protected boolean checksVersion() { return true; }

    /** Checks flags cobra would mark required (after the argument count, before the version check). */
    protected void requireFlags() {}

    /** How this command wraps a version-mismatch error (get: "failed to get resources: "). */
    protected String versionErrorPrefix() { return ""; }

    protected Io io() { return cli.io(); }

    protected GlobalOptions global() { return cli.global(); }

    @Override public final Integer call() throws Exception {
        Trace.mark("arguments parsed");
        CobraErrors.checkArgCount(spec, minArgs, maxArgs);
        requireFlags();
        LogLevels.check(global().logLevel);
        try (Session s = new Session(io(), global().config, global().context)) {
            if (checksVersion() && !global().allowVersionMismatch) VersionCheck.verify(s, versionErrorPrefix());
            def.convertTyped(); // where calicoctl reads such values: in RunE, after its checks
            int rc = run(s);
            Trace.mark("command done");
            return rc;
        }
    }
}
