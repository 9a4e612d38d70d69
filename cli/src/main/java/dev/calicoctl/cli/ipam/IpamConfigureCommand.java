package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamConfig;
import dev.calicoctl.model.CalicoException;

public final class IpamConfigureCommand extends BaseCommand {
    String strictAffinity;
    String maxBlocks;

    @Override protected void define(Def d) {
        d.describe("Configure IPAM.").footer("", "Example:", "  calicoctl ipam configure --strictaffinity=true");
        d.option("--strictaffinity", "<true|false>", null, "Set StrictAffinity to true/false.", v -> strictAffinity = v);
        d.option("--max-blocks-per-host", "<n>", null, "Set the maximum number of blocks that can be affine to a host.", v -> maxBlocks = v);
    }

    @Override protected int run(Session s) {
        if (strictAffinity == null && maxBlocks == null) throw new CliException("at least one configuration option must be specified");
        Boolean strict = null;
        if (strictAffinity != null) {
            if (strictAffinity.equalsIgnoreCase("true")) strict = true;
            else if (strictAffinity.equalsIgnoreCase("false")) strict = false;
            else throw new CliException("invalid value. Use true or false to set strictaffinity");
        }
        Integer max = null;
        if (maxBlocks != null) {
            try {
                max = Integer.parseInt(maxBlocks.trim());
                if (max < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new CliException("invalid value for maxblockhost. Use a valid number");
            }
        }
        Ipam ipam = new Ipam(s.datastore());
        IpamConfig cur = ipam.config();
        IpamConfig next = new IpamConfig(strict != null ? strict : cur.strictAffinity(), cur.autoAllocateBlocks(),
                max != null ? max : cur.maxBlocksPerHost());
        try {
            ipam.setConfig(next);
        } catch (CalicoException e) {
            throw new CliException("error: " + e.getMessage(), e);
        }
        if (strict != null) io().out().println("Successfully set StrictAffinity to: " + strict);
        if (max != null) io().out().println("Successfully set MaxBlocksPerHost to: " + max);
        return ExitCodes.OK;
    }
}
