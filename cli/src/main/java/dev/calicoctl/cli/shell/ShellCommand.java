package dev.calicoctl.cli.shell;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.term.Term;

import java.util.ArrayList;
import java.util.List;

/**
 * `calicoctl shell` (calicoctl for Java): many commands in one warm JVM. This class names no JLine
 * type, so building the command tree for other commands never loads JLine; {@link InteractiveShell}
 * does, and only when stdin is a terminal. Piped input runs line by line through {@link Shell}.
 */
public final class ShellCommand extends BaseCommand {
    @Override protected void define(Def d) {
        d.describe("Run calicoctl commands in one interactive session (calicoctl for Java addition).",
                "Each line is a calicoctl command without the leading 'calicoctl'. Tab completes commands, flags,",
                "kinds and names from the datastore; history is kept in ${XDG_STATE_HOME:-~/.local/state}/calicoctl/history.",
                "Ctrl-C cancels the running command, Ctrl-D or 'exit' leaves. 'watch N COMMAND' reruns a command",
                "every N seconds. With stdin not a terminal, commands are read from it one per line.")
                .footer("", "Examples:", "  calicoctl shell", "  printf 'get ippools\\nipam show\\n' | calicoctl shell");
    }

    @Override protected boolean checksVersion() { return false; } // each command run inside checks for itself

    @Override protected int run(Session s) throws Exception {
        Shell shell = new Shell(io(), globalArgs(), cliName());
        if (Term.stdinIsTerminal(io())) return InteractiveShell.run(shell);
        return shell.runScript(io().in());
    }

    /** The global options given before `shell`, passed on to every command it runs. */
    private List<String> globalArgs() {
        List<String> a = new ArrayList<>();
        if (global().config != null && !global().config.equals(dev.calicoctl.cli.ClientConfig.DEFAULT_CONFIG_PATH)) { a.add("--config"); a.add(global().config); }
        if (global().logLevel != null && !global().logLevel.equals("panic")) { a.add("--log-level"); a.add(global().logLevel); }
        if (global().context != null) { a.add("--context"); a.add(global().context); }
        if (global().allowVersionMismatch) a.add("--allow-version-mismatch");
        return a;
    }

    private String cliName() { return new dev.calicoctl.cli.Cli(io()).rootName(); }
}
