package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.model.CalicoException;
import picocli.CommandLine.Command;

@Command(name = "unlock", description = "Unlock the datastore (ClusterInformation datastoreReady=true).")
public final class UnlockCommand extends BaseCommand {
    @Override protected int run(Session s) {
        try {
            ClusterInfo.setReady(s.resources(), true);
        } catch (CalicoException e) {
            throw new CliException("error updating ClusterInformation for unlocking: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
