package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.OptionTypes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamConfig;
import dev.calicoctl.model.CalicoException;

import java.util.List;

/** calicoctl ipam configure: sets the given IPAM switches, keeps the others. */
public final class IpamConfigureCommand extends BaseCommand {
    Boolean strict;
    Integer max;
    String persistence;
    Integer cooldown;

    @Override protected void define(Def d) {
        d.describe("Configure IPAM.").footer("", "Example:", "  calicoctl ipam configure --strictaffinity=true");
        d.option("--strictaffinity", "<true|false>", "Set StrictAffinity to true/false.",
                OptionTypes.goBool("invalid value. Use true or false to set strictaffinity"), v -> strict = v);
        d.option("--max-blocks-per-host", "<n>", "Set the maximum number of blocks that can be affine to a host.",
                OptionTypes.nonNegative(v -> "invalid value for maxblockhost. Use a valid number"), v -> max = v);
        d.option("--kubevirt-ip-persistence", "<Enabled|Disabled>", "Control whether KubeVirt VMs retain persistent IP addresses (Enabled|Disabled).",
                OptionTypes.oneOf(List.of("Enabled", "Disabled"), v -> "invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled"),
                v -> persistence = v);
        // an int flag defaulting to -1 upstream: negative values mean "not given"
        d.option("--ip-cooldown-seconds", "<n>", "Set the minimum time between release and re-allocation of an IP address.",
                OptionTypes.pflagInt("--ip-cooldown-seconds"), v -> cooldown = v < 0 ? null : v);
    }

    @Override protected int run(Session s) {
        if (strict == null && max == null && persistence == null && cooldown == null) {
            throw new CliException("at least one configuration option must be specified");
        }
        Ipam ipam = new Ipam(s.datastore());
        IpamConfig next = ipam.config();
        if (strict != null) next = next.withStrictAffinity(strict);
        if (max != null) next = next.withMaxBlocksPerHost(max);
        if (persistence != null) next = next.withKubeVirtVMAddressPersistence(persistence);
        if (cooldown != null) next = next.withIpCooldownSeconds(cooldown);
        try {
            ipam.setConfig(next);
        } catch (CalicoException e) {
            throw new CliException("error: " + e.getMessage(), e);
        }
        if (strict != null) io().out().println("Successfully set StrictAffinity to: " + strict);
        if (max != null) io().out().println("Successfully set MaxBlocksPerHost to: " + max);
        if (persistence != null) io().out().println("Successfully set KubeVirtVMAddressPersistence to: " + persistence);
        if (cooldown != null) io().out().println("Successfully set IPCooldownSeconds to: " + cooldown);
        return ExitCodes.OK;
    }
}
