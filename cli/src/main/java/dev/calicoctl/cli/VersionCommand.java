package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

@Command(name = "version", description = "Display the version of this binary and of the cluster's Calico.")
public final class VersionCommand extends BaseCommand {
    public static final String VERSION = "v0.1.0-java";

    @Option(names = "--client", description = "Display only the client version.")
    boolean clientOnly;

    @Override protected int run(Session s) {
        io().out().println("Client Version:    " + VERSION);
        io().out().println("Git commit:        " + BuildInfo.gitCommit());
        if (clientOnly) return ExitCodes.OK;
        Optional<Resource> ci;
        try {
            ci = s.resources().find(Kinds.CLUSTER_INFORMATION, null, "default");
        } catch (CalicoException e) {
            throw new CliException("unable to retrieve Cluster Version or Type: " + e.getMessage(), e);
        }
        if (ci.isEmpty()) {
            io().out().println("Unable to detect installed Calico version");
            return ExitCodes.OK;
        }
        Object v = ci.get().spec().get("calicoVersion"), t = ci.get().spec().get("clusterType");
        io().out().println("Cluster Version:   " + (v == null ? "" : v));
        io().out().println("Cluster Type:      " + (t == null ? "" : t));
        return ExitCodes.OK;
    }
}
