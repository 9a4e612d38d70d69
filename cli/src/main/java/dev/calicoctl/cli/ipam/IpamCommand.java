package dev.calicoctl.cli.ipam;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ipam", description = "IP address management.",
        subcommands = {IpamShowCommand.class, IpamCheckCommand.class, IpamReleaseCommand.class, IpamSplitCommand.class,
                IpamConfigureCommand.class, IpamAssignCommand.class})
public final class IpamCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
