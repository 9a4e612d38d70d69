package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.output.BoxTable;
import dev.calicoctl.cli.output.TreePrinter;
import dev.calicoctl.cli.term.Term;
import dev.calicoctl.ipam.BlockMap;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamConfig;
import dev.calicoctl.ipam.Utilization;
import dev.calicoctl.model.IpAddress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

public final class IpamShowCommand extends BaseCommand {
    String ip;
    boolean showBlocks;
    boolean showBorrowed;
    boolean showConfiguration;
    boolean map;
    String node;
    String output;

    @Override protected void define(Def d) {
        d.describe("Show details of a Calico assigned IP address or overall IP usage.");
        d.option("--ip", "<IP>", null, "Report whether this specific IP address is in use.", v -> ip = v);
        d.flag("--show-blocks", "Show detailed information for IP blocks as well as pools.", v -> showBlocks = v);
        d.flag("--show-borrowed", "Show detailed information for borrowed IP addresses.", v -> showBorrowed = v);
        d.flag("--show-configuration", "Show current Calico IPAM configuration.", v -> showConfiguration = v);
        d.flag("--map", "Draw each pool as a grid of its blocks shaded by use, with a legend (calicoctl for Java addition).", v -> map = v);
        d.option("--node", "<node>", null, "With --map: highlight this node's blocks and list them (calicoctl for Java addition).", v -> node = v);
        d.option("-o,--output", "<format>", null, "json, yaml, go-template=..., go-template-file=..., jsonpath=... or jsonpath-file=...: print any form as data, in the shape the README documents (calicoctl for Java addition).", v -> output = v);
    }

    @Override protected int run(Session s) {
        TreePrinter printer = TreePrinter.forOutput(output);
        if (node != null && !map) throw new CliException("--node needs --map");
        Ipam ipam = new Ipam(s.datastore());
        PrintStream out = io().out();
        if (printer != null) {
            printer.print(tree(ipam), out);
            return ExitCodes.OK;
        }
        if (map) {
            new BlockMapView(Term.colour(io()), node).print(BlockMap.compute(ipam.pools(), ipam.blocks(), ipam.reservations()), out);
            return ExitCodes.OK;
        }
        if (showBlocks && ip == null && Term.stdoutIsTerminal(io())) {
            // on a terminal only: the table as scripts see it, each block row followed by its utilisation bar
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            showUtilization(ipam, true, new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
            UtilisationBars.append(buf.toString(java.nio.charset.StandardCharsets.UTF_8), ipam, Term.colour(io()), out);
            return ExitCodes.OK;
        }
        if (ip != null) showIp(ipam, out);
        else if (showBlocks) showUtilization(ipam, true, out);
        else if (showBorrowed) showBorrowed(ipam, out);
        else if (showConfiguration) showConfiguration(ipam, out);
        else showUtilization(ipam, false, out);
        return ExitCodes.OK;
    }

    /** The data form of whichever view the flags chose (same precedence as the table forms). */
    private Object tree(Ipam ipam) {
        if (map) return BlockMapView.tree(BlockMap.compute(ipam.pools(), ipam.blocks(), ipam.reservations()));
        if (ip != null) return IpamShowData.ip(ipam, parseIp(ip));
        if (showBlocks) return IpamShowData.utilization(ipam, true);
        if (showBorrowed) return IpamShowData.borrowed(ipam);
        if (showConfiguration) return IpamShowData.configuration(ipam);
        return IpamShowData.utilization(ipam, false);
    }

    static IpAddress parseIp(String text) {
        IpAddress a = IpAddress.tryParse(text);
        if (a == null) throw new CliException("Invalid IP address specified: " + text);
        return a;
    }

    private void showIp(Ipam ipam, PrintStream out) {
        IpAddress a = parseIp(ip);
        Optional<AllocationBlock> block = ipam.blockOf(a);
        Attribute attr = block.map(b -> b.attributeOf(b.ordinalOf(a))).orElse(null);
        if (attr == null) {
            out.println(a + " is not assigned");
            return;
        }
        if (attr.releasedAt() != null) throw new CliException("address " + a + " is in cooldown");
        out.println("IP " + a + " is in use");
        out.println(attr.handleId() != null ? "Handle ID: " + attr.sanitizedHandle() : "Handle ID: <none>");
        if (attr.secondary().isEmpty()) out.println("No Active Owner attributes defined");
        else {
            out.println("Active Owner Attributes:");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(attr.secondary()).entrySet()) out.println("  " + e.getKey() + ": " + e.getValue());
        }
        if (!attr.alternate().isEmpty()) {
            out.println("Alternate Owner Attributes:");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(attr.alternate()).entrySet()) out.println("  " + e.getKey() + ": " + e.getValue());
        }
    }

    /** Go's %.5g, as calicoctl formats counts: five significant digits, rounded half to even on the exact value. */
    static String g5(long n) {
        if (Math.abs(n) < 100_000) return Long.toString(n);
        java.math.BigDecimal d = new java.math.BigDecimal(n).round(new java.math.MathContext(5, java.math.RoundingMode.HALF_EVEN));
        String digits = d.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exp = d.precision() - d.scale() - 1;
        String mant = digits.length() <= 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (n < 0 ? "-" : "") + mant + "e+" + (exp < 10 ? "0" : "") + exp;
    }

    static String pct(long n, long capacity) {
        // Go's %.f rounds the exact binary value half-to-even (62.5 -> 62)
        String p = capacity == 0 ? "NaN" : new java.math.BigDecimal(100.0 * n / capacity).setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return g5(n) + " (" + p + "%)";
    }

    private static List<String> row(String kind, Utilization.Usage u) {
        return List.of(kind, u.cidr().toString(), g5(u.capacity()), pct(u.inUse(), u.capacity()), pct(u.reserved(), u.capacity()), pct(u.free(), u.capacity()));
    }

    private void showUtilization(Ipam ipam, boolean blocks, PrintStream out) {
        BoxTable t = new BoxTable(List.of("GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS RESERVED", "IPS FREE"), 2, 3, 4, 5);
        for (Utilization.PoolUsage pu : Utilization.compute(ipam.pools(), ipam.blocks(false), ipam.reservations())) {
            if (pu.usage() != null) t.add(row("IP Pool", pu.usage()));
            if (blocks) for (Utilization.Usage b : pu.blocks()) t.add(row("Block", b));
        }
        t.print(out);
    }

    private void showBorrowed(Ipam ipam, PrintStream out) {
        BoxTable t = new BoxTable(List.of("IP", "BORROWING-NODE", "BLOCK", "BLOCK OWNER", "TYPE", "ALLOCATED-TO"));
        int unclassified = 0;
        for (AllocationBlock b : ipam.blocks()) {
            // upstream splits the affinity on ':' and takes the second part only when there are exactly two
            String owner = "";
            if (b.affinity() != null) {
                String[] parts = b.affinity().split(":", -1);
                owner = parts.length == 2 ? parts[1] : parts[0];
            }
            for (int o = 0; o < b.numAddresses(); o++) {
                Attribute a = b.attributeOf(o);
                if (a == null) continue;
                String node = a.secondary().get("node");
                if (node == null) { unclassified++; continue; }
                if (node.equals(owner)) continue;
                String ns = a.secondary().getOrDefault("namespace", "");
                String type = "", to = "";
                if (a.secondary().containsKey("vmi-name")) { type = "vmi"; to = ns + "/" + a.secondary().get("vmi-name"); }
                else if (a.secondary().containsKey("pod")) { type = "pod"; to = ns + "/" + a.secondary().get("pod"); }
                else if (a.secondary().containsKey("type")) type = a.secondary().get("type");
                t.add(List.of(b.ipOf(o).toString(), node, b.cidr().toString(), owner, type, to));
            }
        }
        t.print(out);
        if (unclassified != 0) {
            out.println();
            out.println("Note: found " + unclassified + " IP allocations without an explicit node association. Unable to determine if they are borrowed.");
        }
    }

    /** Every IPAMConfig field in upstream's order, values as Go's %#v prints them. */
    private void showConfiguration(Ipam ipam, PrintStream out) {
        IpamConfig c = ipam.config();
        BoxTable t = new BoxTable(List.of("PROPERTY", "VALUE"));
        t.add(List.of("StrictAffinity", Boolean.toString(c.strictAffinity())));
        t.add(List.of("AutoAllocateBlocks", Boolean.toString(c.autoAllocateBlocks())));
        t.add(List.of("MaxBlocksPerHost", Integer.toString(c.maxBlocksPerHost())));
        // upstream prints this pointer's address; we print the value it points at
        String persistence = c.kubeVirtVMAddressPersistence();
        t.add(List.of("KubeVirtVMAddressPersistence", persistence == null ? "<nil>" : "\"" + persistence + "\""));
        t.add(List.of("IPCooldownSeconds", Integer.toString(c.ipCooldownSeconds())));
        t.print(out);
    }
}
