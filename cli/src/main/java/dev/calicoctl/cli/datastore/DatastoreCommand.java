package dev.calicoctl.cli.datastore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "datastore", description = "Calico datastore management.", subcommands = MigrateCommand.class)
public final class DatastoreCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
}
