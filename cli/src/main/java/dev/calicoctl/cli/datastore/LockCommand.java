package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.model.CalicoException;

/** `datastore migrate lock` and `unlock`: ClusterInformation's datastoreReady flag, cleared or set. */
public final class LockCommand extends BaseCommand {
    private final boolean lock;

    public LockCommand(boolean lock) { this.lock = lock; }

    @Override protected void define(Def d) {
        d.describe(lock ? "Lock the datastore (ClusterInformation datastoreReady=false) so no new workloads get addresses."
                : "Unlock the datastore (ClusterInformation datastoreReady=true).");
    }

    @Override protected int run(Session s) {
        try {
            ClusterInfo.setReady(s.resources(), !lock);
        } catch (CalicoException e) {
            throw new CliException("error updating ClusterInformation for " + (lock ? "locking" : "unlocking") + ": " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
