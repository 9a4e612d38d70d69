package dev.calicoctl.cli;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.Optional;

public final class VersionCommand extends BaseCommand {
    public static final String VERSION = "v3.32.0-java.0.1.0"; // Calico release whose API this implements, then ours

    boolean clientOnly;

    @Override protected void define(Def d) {
        d.describe("Display the version of this binary and of the cluster's Calico.");
        d.flag("--client", "Display only the client version.", v -> clientOnly = v);
    }

    @Override protected boolean checksVersion() { return false; }

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
