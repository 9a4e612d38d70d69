package dev.calicoctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "calicoctl", mixinStandardHelpOptions = false,
        description = {"The calicoctl command line tool is used to manage Calico network and security",
                "policy, to view and manage endpoint configuration, and to manage a Calico node instance.",
                "This one is written in Java; with no configuration it uses an embedded local datastore."},
        subcommands = {CreateCommand.class, ApplyCommand.class, ReplaceCommand.class, DeleteCommand.class,
                GetCommand.class, PatchCommand.class, LabelCommand.class, ValidateCommand.class,
                VersionCommand.class, dev.calicoctl.cli.ipam.IpamCommand.class,
                dev.calicoctl.cli.datastore.DatastoreCommand.class, picocli.CommandLine.HelpCommand.class})
public final class CalicoctlCommand implements Runnable {
    private final Io io;

    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;

    public CalicoctlCommand(Io io) { this.io = io; }

    public Io io() { return io; }

    @Override public void run() {
        spec.commandLine().usage(io.out());
    }
}
