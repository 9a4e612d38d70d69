package dev.calicoctl.cli.datastore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Migrate the contents of an etcdv3 datastore to a Kubernetes datastore (lock and unlock so far).",
        subcommands = {LockCommand.class, UnlockCommand.class})
public final class MigrateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
}
