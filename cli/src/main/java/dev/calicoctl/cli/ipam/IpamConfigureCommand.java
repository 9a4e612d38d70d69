package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamConfig;
import dev.calicoctl.model.CalicoException;

/** calicoctl ipam configure: sets the given IPAM switches, keeps the others. */
public final class IpamConfigureCommand extends BaseCommand {
    String strictAffinity;
    String maxBlocks;
    String persistence;
    String cooldown;

    @Override protected void define(Def d) {
        d.describe("Configure IPAM.").footer("", "Example:", "  calicoctl ipam configure --strictaffinity=true");
        d.option("--strictaffinity", "<true|false>", null, "Set StrictAffinity to true/false.", v -> strictAffinity = v);
        d.option("--max-blocks-per-host", "<n>", null, "Set the maximum number of blocks that can be affine to a host.", v -> maxBlocks = v);
        d.option("--kubevirt-ip-persistence", "<Enabled|Disabled>", null,
                "Control whether KubeVirt VMs retain persistent IP addresses (Enabled|Disabled).", v -> persistence = v);
        d.option("--ip-cooldown-seconds", "<n>", null,
                "Set the minimum time between release and re-allocation of an IP address.", v -> cooldown = v);
    }

    @Override protected int run(Session s) {
        Boolean strict = strictAffinity == null ? null : parseBool(strictAffinity);
        Integer max = null;
        if (maxBlocks != null) {
            try {
                max = Integer.parseInt(maxBlocks);
                if (max < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new CliException("invalid value for maxblockhost. Use a valid number");
            }
        }
        if (persistence != null && !persistence.equals("Enabled") && !persistence.equals("Disabled")) {
            throw new CliException("invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled");
        }
        // an int flag defaulting to -1 upstream: negative values mean "not given"
        Integer cool = cooldown == null ? null : parseIntFlag("--ip-cooldown-seconds", cooldown);
        if (cool != null && cool < 0) cool = null;
        if (strict == null && max == null && persistence == null && cool == null) {
            throw new CliException("at least one configuration option must be specified");
        }
        Ipam ipam = new Ipam(s.datastore());
        IpamConfig next = ipam.config();
        if (strict != null) next = next.withStrictAffinity(strict);
        if (max != null) next = next.withMaxBlocksPerHost(max);
        if (persistence != null) next = next.withKubeVirtVMAddressPersistence(persistence);
        if (cool != null) next = next.withIpCooldownSeconds(cool);
        try {
            ipam.setConfig(next);
        } catch (CalicoException e) {
            throw new CliException("error: " + e.getMessage(), e);
        }
        if (strict != null) io().out().println("Successfully set StrictAffinity to: " + strict);
        if (max != null) io().out().println("Successfully set MaxBlocksPerHost to: " + max);
        if (persistence != null) io().out().println("Successfully set KubeVirtVMAddressPersistence to: " + persistence);
        if (cool != null) io().out().println("Successfully set IPCooldownSeconds to: " + cool);
        return ExitCodes.OK;
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new CliException("invalid value. Use true or false to set strictaffinity");
        };
    }

    /** A pflag Int value: decimal (or 0x/0o/0b prefixed, as strconv.ParseInt with base 0), else pflag's message. */
    private static int parseIntFlag(String flag, String v) {
        try {
            String t = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
            int radix = 10;
            if (t.startsWith("0x") || t.startsWith("0X")) { radix = 16; t = t.substring(2); }
            else if (t.startsWith("0o") || t.startsWith("0O")) { radix = 8; t = t.substring(2); }
            else if (t.startsWith("0b") || t.startsWith("0B")) { radix = 2; t = t.substring(2); }
            else if (t.length() > 1 && t.startsWith("0")) { radix = 8; t = t.substring(1); }
            if (t.isEmpty() || t.startsWith("+") || t.startsWith("-")) throw new NumberFormatException();
            long n = Long.parseLong(t.replace("_", ""), radix);
            if (v.startsWith("-")) n = -n;
            if (n != (int) n) throw new NumberFormatException();
            return (int) n;
        } catch (NumberFormatException e) {
            throw new CliException("invalid argument \"" + v + "\" for \"" + flag + "\" flag: strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }
}
