package dev.calicoctl.cli;

import dev.calicoctl.cli.datastore.LockCommand;
import dev.calicoctl.cli.ipam.IpamAssignCommand;
import dev.calicoctl.cli.ipam.IpamCheckCommand;
import dev.calicoctl.cli.ipam.IpamConfigureCommand;
import dev.calicoctl.cli.ipam.IpamReleaseCommand;
import dev.calicoctl.cli.ipam.IpamShowCommand;
import dev.calicoctl.cli.ipam.IpamSplitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The command tree: which class runs which subcommand, and the root's global options. */
public final class Cli {
    private final Io io;
    private final GlobalOptions global = new GlobalOptions();

    public Cli(Io io) { this.io = io; }

    public Io io() { return io; }
    public GlobalOptions global() { return global; }

    static Map<String, Supplier<BaseCommand>> topLevel() {
        Map<String, Supplier<BaseCommand>> m = new LinkedHashMap<>();
        m.put("create", CreateCommand::new);
        m.put("apply", ApplyCommand::new);
        m.put("replace", ReplaceCommand::new);
        m.put("delete", DeleteCommand::new);
        m.put("get", GetCommand::new);
        m.put("patch", PatchCommand::new);
        m.put("label", LabelCommand::new);
        m.put("validate", ValidateCommand::new);
        m.put("version", VersionCommand::new);
        m.put("shell", dev.calicoctl.cli.shell.ShellCommand::new);
        m.put("__complete", dev.calicoctl.cli.complete.CompleteCommand::new);
        return m;
    }

    static Map<String, Supplier<BaseCommand>> ipam() {
        Map<String, Supplier<BaseCommand>> m = new LinkedHashMap<>();
        m.put("show", IpamShowCommand::new);
        m.put("check", IpamCheckCommand::new);
        m.put("release", IpamReleaseCommand::new);
        m.put("split", IpamSplitCommand::new);
        m.put("configure", IpamConfigureCommand::new);
        m.put("assign", IpamAssignCommand::new);
        m.put("audit", dev.calicoctl.cli.ipam.IpamAuditCommand::new);
        return m;
    }

    static Map<String, Supplier<BaseCommand>> cni() {
        Map<String, Supplier<BaseCommand>> m = new LinkedHashMap<>();
        m.put("ipam", dev.calicoctl.cli.cni.CniIpamCommand::new);
        return m;
    }

    static Map<String, Supplier<BaseCommand>> migrate() {
        Map<String, Supplier<BaseCommand>> m = new LinkedHashMap<>();
        m.put("export", dev.calicoctl.cli.datastore.ExportCommand::new);
        m.put("import", dev.calicoctl.cli.datastore.ImportCommand::new);
        m.put("lock", () -> new LockCommand(true));
        m.put("unlock", () -> new LockCommand(false));
        return m;
    }

    /** A command that only groups others: run alone, it prints its usage. */
    private static final class Group implements Runnable {
        CommandSpec spec;

        @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
    }

    /**
     * A group and its children; only {@code wanted} when it names one of them (start-up: each child
     * costs a CommandLine), else all of them (the group's usage, a mistyped name's suggestions).
     */
    private CommandLine group(String name, String description, Map<String, Supplier<BaseCommand>> children, Map<String, CommandLine> nested, String wanted) {
        Group g = new Group();
        Def d = new Def(g, name).describe(description);
        g.spec = d.spec();
        CommandLine cl = new CommandLine(d.spec());
        if (nested != null) for (Map.Entry<String, CommandLine> e : nested.entrySet()) cl.addSubcommand(e.getKey(), e.getValue());
        boolean all = wanted == null || !children.containsKey(wanted);
        for (Map.Entry<String, Supplier<BaseCommand>> e : children.entrySet()) {
            if (all || e.getKey().equals(wanted)) cl.addSubcommand(e.getKey(), new CommandLine(e.getValue().get().build(this, e.getKey())));
        }
        return cl;
    }

    /** The whole tree (for help and errors), global options first so every subcommand inherits them. */
    public CommandLine build() { return build(null); }

    /**
     * Start-up: each picocli CommandLine costs ~2 ms to construct, so when the command line names a
     * known subcommand only that branch is built; anything else (help, typos) gets the whole tree.
     */
    public CommandLine build(String[] args) {
        List<String> words = args == null ? List.of() : commandWords(args);
        String wanted = words.isEmpty() ? null : words.get(0);
        String second = all(words) ? null : words.get(1);
        boolean all = wanted == null || !(topLevel().containsKey(wanted) || wanted.equals("ipam") || wanted.equals("datastore") || wanted.equals("cni"));
        Group root = new Group();
        Def d = new Def(root, rootName()).describe(
                "The calicoctl command line tool is used to manage Calico network and security",
                "policy, to view and manage endpoint configuration, and to manage Calico IP address management.",
                "This one is written in Java; with no configuration it uses an embedded local datastore.");
        root.spec = d.spec();
        global.define(d);
        Trace.mark("root spec");
        CommandLine cl = new CommandLine(d.spec());
        Trace.mark("root CommandLine");
        for (Map.Entry<String, Supplier<BaseCommand>> e : topLevel().entrySet()) {
            if (all || e.getKey().equals(wanted)) cl.addSubcommand(e.getKey(), new CommandLine(e.getValue().get().build(this, e.getKey())));
        }
        if (all || "ipam".equals(wanted)) cl.addSubcommand("ipam", group("ipam", "IP address management.", ipam(), null, second));
        if (all || "datastore".equals(wanted)) {
            Map<String, CommandLine> migrate = new LinkedHashMap<>();
            migrate.put("migrate", group("migrate", "Migrate the contents of one datastore to another: lock, export, import, unlock.", migrate(), null,
                    "migrate".equals(second) && words.size() > 2 ? words.get(2) : null));
            cl.addSubcommand("datastore", group("datastore", "Calico datastore management.", Map.of(), migrate, null));
        }
        if (all || "cni".equals(wanted)) cl.addSubcommand("cni", group("cni", "Container Network Interface plugins: calico-ipam.", cni(), null, second));
        if (all) {
            HelpCommand help = new HelpCommand(cl);
            cl.addSubcommand("help", new CommandLine(help.build(this, "help")));
        }
        return cl;
    }

    /**
     * "kubectl-calico" when run through a link of that name (kubectl runs plugins as kubectl-NAME),
     * as calicoctl names itself in help then; else "calicoctl".
     */
    public String rootName() {
        String invoked = io.env("CALICOCTL_INVOKED_AS");
        return invoked != null && invoked.startsWith("kubectl-") ? "kubectl-calico" : "calicoctl";
    }

    /** The first word that is not a global option or its value. */
    static String firstCommand(String[] args) {
        List<String> words = commandWords(args, 1);
        return words.isEmpty() ? null : words.get(0);
    }

    /** The first two words that are not options or a global option's value: the command path, as far as groups go. */
    static List<String> commandWords(String[] args) { return commandWords(args, 3); }

    private static List<String> commandWords(String[] args, int max) {
        List<String> words = new ArrayList<>(max);
        for (int i = 0; i < args.length && words.size() < max; i++) {
            String a = args[i];
            if (a.equals("--")) break;
            if (a.equals("-c") || a.equals("--config") || a.equals("-l") || a.equals("--log-level") || a.equals("--context")) { i++; continue; }
            if (a.startsWith("-")) continue;
            words.add(a);
        }
        return words;
    }

    /** Fewer than two words: a group named alone (its usage lists every child). */
    private static boolean all(List<String> words) { return words.size() < 2; }

    /** `calicoctl help [COMMAND...]`. */
    static final class HelpCommand extends BaseCommand {
        private final CommandLine root;
        private List<String> path = List.of();

        HelpCommand(CommandLine root) { this.root = root; }

        @Override protected void define(Def d) {
            d.describe("Display help information about the specified command.").positionals("COMMAND", v -> path = v);
        }

        @Override protected boolean checksVersion() { return false; }

        @Override protected int run(Session s) {
            CommandLine target = root;
            for (String p : path) {
                CommandLine next = target.getSubcommands().get(p);
                if (next == null) throw new CliException("Unknown subcommand '" + p + "'.");
                target = next;
            }
            target.usage(io().out());
            return ExitCodes.OK;
        }
    }
}
