package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.OptionTypes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.List;
import dev.calicoctl.cli.term.Progress;

public final class IpamSplitCommand extends BaseCommand {
    int parts;
    String cidr;
    String name;

    @Override protected void define(Def d) {
        d.describe("Split an IP pool into the specified number of smaller IP pools.",
                "Requires a locked datastore (calicoctl datastore migrate lock). Every check runs before anything changes.");
        d.positional(0, "NUMBER", "How many pools to split into (a power of 2).",
                OptionTypes.integer(v -> "error reading number to split IP pools into. " + v + " is not a valid number"), v -> parts = v);
        d.option("--cidr", "<cidr>", null, "CIDR of the IP pool to split.", v -> cidr = v);
        d.option("--name", "<name>", null, "Name of the IP pool to split.", v -> name = v);
    }

    @Override protected int run(Session s) {
        if ((cidr == null || cidr.isEmpty()) && (name == null || name.isEmpty())) {
            throw new CliException("no name or CIDR provided. Provide a name or CIDR to denote the IP pool to split");
        }
        ResourceStore store = s.resources();
        if (!ClusterInfo.locked(ClusterInfo.ensure(store))) {
            throw new CliException("datastore is not locked. Run the `calicoctl datastore migrate lock` command in order split the IP pools");
        }
        Resource old = null;
        if (name != null && !name.isEmpty()) {
            try {
                old = store.get(Kinds.IP_POOL, null, name);
            } catch (CalicoException e) {
                throw new CliException("unable to find IP pool with name " + name + ": " + e.getMessage());
            }
        } else {
            for (Resource r : store.list(Kinds.IP_POOL, null)) if (new IpPool(r).cidrText().equals(cidr)) old = r;
        }
        if (old == null) throw new CliException("unable to find IP pool " + (name == null ? "" : name) + " covering the specified CIDR " + (cidr == null ? "" : cidr));
        IpPool pool = new IpPool(old);
        List<Cidr> pieces = split(pool.cidr(), parts);
        if (pieces.get(0).prefix() > pool.blockSize()) {
            throw new CliException("the CIDR " + pool.cidrText() + " is not large enough to be split into " + parts
                    + " parts of at least its block size /" + pool.blockSize());
        }
        Resource disabled = old.copy();
        disabled.spec().put("disabled", true);
        store.update(disabled);
        List<Resource> created = new ArrayList<>();
        try (Progress progress = Progress.start(io(), "ipam split: creating pools", pieces.size())) {
        for (int i = 0; i < pieces.size(); i++) {
            progress.step();
            Resource p = old.copy();
            for (String f : List.of("uid", "resourceVersion", "generation", "selfLink", "creationTimestamp", "generateName")) p.metadata().remove(f);
            String n = "split-" + old.name() + "-" + i;
            if (n.length() > 253) n = "split-" + old.name().substring(0, 245) + "-" + i;
            p.setMeta("name", n);
            p.spec().put("cidr", pieces.get(i).toString());
            p.spec().remove("disabled");
            created.add(store.create(p, true));
        }
        }
        store.delete(Kinds.IP_POOL, null, old.name(), null);
        io().out().println("IP Pool " + old.name() + " was successfully split into " + parts + " smaller pools.");
        for (Resource r : created) io().out().println("Created " + r.name() + " with CIDR " + new IpPool(r).cidrText() + ".");
        io().out().println("Please refer to the documentation for final steps.");
        return ExitCodes.OK;
    }

    static List<Cidr> split(Cidr c, int parts) {
        if (parts < 2 || Integer.bitCount(parts) != 1) throw new CliException("number to split CIDR into is not a valid power of 2: " + parts);
        int power = Integer.numberOfTrailingZeros(parts);
        if (c.prefix() + power > c.ip().bits()) throw new CliException("the CIDR " + c + " is not large enough to be split into " + parts + " parts");
        List<Cidr> out = new ArrayList<>();
        int prefix = c.prefix() + power;
        int shift = c.ip().bits() - prefix;
        for (long i = 0; i < parts; i++) out.add(new Cidr(c.network().plusShifted(i, shift), prefix));
        return out;
    }
}
