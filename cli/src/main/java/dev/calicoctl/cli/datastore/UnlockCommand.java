package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.model.CalicoException;

public final class UnlockCommand extends BaseCommand {
    @Override protected void define(Def d) {
        d.describe("Unlock the datastore (ClusterInformation datastoreReady=true).");
    }

    @Override protected int run(Session s) {
        try {
            ClusterInfo.setReady(s.resources(), true);
        } catch (CalicoException e) {
            throw new CliException("error updating ClusterInformation for unlocking: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
