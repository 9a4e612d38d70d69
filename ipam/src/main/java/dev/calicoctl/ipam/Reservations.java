package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;

import java.util.List;

/** The CIDRs of every IPReservation: addresses IPAM never hands out. */
public final class Reservations {
    private final List<Cidr> cidrs;

    public Reservations(List<Cidr> cidrs) { this.cidrs = List.copyOf(cidrs); }

    public List<Cidr> cidrs() { return cidrs; }

    public boolean matches(IpAddress ip) {
        for (Cidr c : cidrs) if (c.contains(ip)) return true;
        return false;
    }

    public boolean matchesWhole(Cidr block) {
        for (Cidr c : cidrs) if (c.contains(block)) return true;
        return false;
    }

    public boolean matchesSome(Cidr block) {
        for (Cidr c : cidrs) if (c.overlaps(block)) return true;
        return false;
    }
}
