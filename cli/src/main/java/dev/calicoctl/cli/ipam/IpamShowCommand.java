package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.output.DataFormats;
import dev.calicoctl.cli.output.DataPrinter;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.cli.term.Term;
import dev.calicoctl.ipam.BlockMap;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.IpAddress;


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
        DataPrinter printer = DataFormats.TEXT_JSON_YAML_TEMPLATES.printer(output);
        if (node != null && !map) throw new CliException("--node needs --map");
        printer.print(view(new Ipam(s.datastore())), io().out());
        return ExitCodes.OK;
    }

    /** The view the flags chose: --map, then --ip, --show-blocks, --show-borrowed, --show-configuration, else pools. */
    private View view(Ipam ipam) {
        if (map) return new BlockMapView(BlockMap.compute(ipam.pools(), ipam.blocks(), ipam.reservations()), Term.colour(io()), node);
        if (ip != null) return AddressView.of(ipam, parseIp(ip));
        // on a terminal only, each block row is followed by its utilisation bar
        if (showBlocks) return UtilizationView.of(ipam, true, Term.stdoutIsTerminal(io()) ? Term.colour(io()) : null);
        if (showBorrowed) return BorrowedView.of(ipam);
        if (showConfiguration) return new ConfigurationView(ipam.config());
        return UtilizationView.of(ipam, false, null);
    }

    static IpAddress parseIp(String text) {
        IpAddress a = IpAddress.tryParse(text);
        if (a == null) throw new CliException("Invalid IP address specified: " + text);
        return a;
    }
}
