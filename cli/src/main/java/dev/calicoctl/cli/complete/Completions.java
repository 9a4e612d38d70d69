package dev.calicoctl.cli.complete;

import dev.calicoctl.cli.Session;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Handle;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What may come next on a command line: subcommands and flags from the command model, kinds from
 * the kind registry, and live names (pools, nodes, handles, allocated addresses grouped by block,
 * resource names) from the configured datastore. One model behind the shell's tab completion
 * (JLine) and the hidden `__complete` command the bash, zsh and fish scripts call.
 */
public final class Completions {
    /** One suggestion; {@code group} lets the shell list addresses under their block. */
    public record Candidate(String value, String description, String group) {}

    /** The suggestions, and whether file names fit here too (the shell's own file completion). */
    public record Result(List<Candidate> candidates, boolean files) {}

    private final CommandLine root;
    private final Supplier<Session> session;

    public Completions(CommandLine root, Supplier<Session> session) {
        this.root = root;
        this.session = session;
    }

    private static final Set<String> RESOURCE_COMMANDS = Set.of("get", "delete", "label", "patch");
    private static final Set<String> FILE_OPTIONS = Set.of("-f", "--filename", "-c", "--config", "--from-report", "--diff", "--kubeconfig");

    /** @param before the words before the one being completed (without the program name); @param prefix what is typed of it. */
    public Result complete(List<String> before, String prefix) {
        CommandLine cur = root;
        List<String> positionals = new ArrayList<>();
        OptionSpec pending = null;
        for (String w : before) {
            if (pending != null) { pending = null; continue; }
            if (w.startsWith("-") && w.length() > 1) {
                if (w.contains("=")) continue;
                OptionSpec o = cur.getCommandSpec().findOption(w);
                if (o != null && o.arity().max() > 0) pending = o;
                continue;
            }
            CommandLine sub = positionals.isEmpty() ? cur.getSubcommands().get(w) : null;
            if (sub != null) { cur = sub; continue; }
            positionals.add(w);
        }
        List<Candidate> out = new ArrayList<>();
        if (pending != null) return optionValues(cur, pending.longestName(), prefix);
        if (prefix.startsWith("-")) {
            int eq = prefix.indexOf('=');
            if (eq > 0) {
                OptionSpec o = cur.getCommandSpec().findOption(prefix.substring(0, eq));
                if (o == null) return new Result(List.of(), false);
                Result r = optionValues(cur, o.longestName(), prefix.substring(eq + 1));
                List<Candidate> withName = new ArrayList<>();
                for (Candidate c : r.candidates()) withName.add(new Candidate(prefix.substring(0, eq + 1) + c.value(), c.description(), c.group()));
                return new Result(withName, false);
            }
            for (OptionSpec o : cur.getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String n : o.names()) if (n.startsWith(prefix)) out.add(new Candidate(n, first(o.description()), null));
            }
            return new Result(out, false);
        }
        if (!cur.getSubcommands().isEmpty() && positionals.isEmpty()) {
            for (var e : cur.getSubcommands().entrySet()) {
                if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
                if (e.getKey().startsWith(prefix)) out.add(new Candidate(e.getKey(), first(e.getValue().getCommandSpec().usageMessage().description()), null));
            }
            return new Result(out, false);
        }
        if (RESOURCE_COMMANDS.contains(cur.getCommandName())) {
            if (positionals.isEmpty()) {
                for (Kind k : Kinds.all()) {
                    String plural = k.plural();
                    if (plural.startsWith(prefix)) out.add(new Candidate(plural, k.name(), null));
                    String single = k.name().toLowerCase();
                    if (!single.equals(plural) && single.startsWith(prefix)) out.add(new Candidate(single, k.name(), null));
                }
                return new Result(out, false);
            }
            if (positionals.size() >= 1) {
                Kind k = Kinds.byAlias(positionals.get(0));
                if (k != null) for (String n : names(k)) if (n.startsWith(prefix)) out.add(new Candidate(n, k.name(), null));
                return new Result(out, false);
            }
        }
        return new Result(out, false);
    }

    private Result optionValues(CommandLine cmd, String option, String prefix) {
        if (FILE_OPTIONS.contains(option)) return new Result(List.of(), true);
        List<Candidate> out = new ArrayList<>();
        List<String> words = switch (option) {
            case "--node" -> nodes();
            case "--handle" -> handles();
            case "--ipv4-pools", "--ipv6-pools", "--name" -> names(Kinds.IP_POOL);
            case "--log-level" -> List.of("panic", "fatal", "error", "warn", "info", "debug");
            case "--output" -> cmd.getCommandName().equals("get") ? List.of("yaml", "json", "wide", "ps", "custom-columns=")
                    : cmd.getCommandName().equals("check") ? null : List.of("json", "yaml");
            case "--ip" -> null;
            default -> List.of();
        };
        if (option.equals("--ip")) {
            for (Candidate c : addresses()) if (c.value().startsWith(prefix)) out.add(c);
            return new Result(out, false);
        }
        if (words == null) return new Result(List.of(), true);
        for (String w : words) if (w.startsWith(prefix)) out.add(new Candidate(w, null, null));
        return new Result(out, false);
    }

    private List<String> names(Kind k) {
        try {
            Set<String> s = new TreeSet<>();
            for (Resource r : session.get().resources().list(k, null)) s.add(r.name());
            return new ArrayList<>(s);
        } catch (RuntimeException e) {
            return List.of(); // an unreachable datastore completes nothing rather than failing the shell
        }
    }

    private List<String> nodes() {
        Set<String> s = new TreeSet<>(names(Kinds.NODE));
        try {
            for (AllocationBlock b : new Ipam(session.get().datastore()).blocks(false)) if (b.affinity() != null) s.add(b.host());
        } catch (RuntimeException ignored) {
            // as above
        }
        return new ArrayList<>(s);
    }

    private List<String> handles() {
        try {
            Set<String> s = new TreeSet<>();
            for (Handle h : new Ipam(session.get().datastore()).handles()) s.add(h.id());
            return new ArrayList<>(s);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Allocated addresses, each grouped under its block (at most 2,000: completion, not a listing). */
    private List<Candidate> addresses() {
        List<Candidate> out = new ArrayList<>();
        try {
            for (AllocationBlock b : new Ipam(session.get().datastore()).blocks()) {
                String group = b.cidr() + (b.affinity() == null ? "" : " (" + b.host() + ")");
                for (int o = 0; o < b.numAddresses() && out.size() < 2000; o++) {
                    if (!b.isAllocated(o)) continue;
                    var a = b.attributeOf(o);
                    String who = a == null ? null : a.secondary().containsKey("pod") ? a.secondary().get("namespace") + "/" + a.secondary().get("pod") : a.handleId();
                    out.add(new Candidate(b.ipOf(o).toString(), who, group));
                }
            }
        } catch (RuntimeException ignored) {
            // as above
        }
        return out;
    }

    private static String first(String[] lines) { return lines == null || lines.length == 0 ? null : lines[0]; }
}
