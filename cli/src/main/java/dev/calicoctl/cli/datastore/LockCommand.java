package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.model.CalicoException;

public final class LockCommand extends BaseCommand {
    @Override protected void define(Def d) {
        d.describe("Lock the datastore (ClusterInformation datastoreReady=false) so no new workloads get addresses.");
    }

    @Override protected int run(Session s) {
        try {
            ClusterInfo.setReady(s.resources(), false);
        } catch (CalicoException e) {
            throw new CliException("error updating ClusterInformation for locking: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
