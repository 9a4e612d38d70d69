package dev.calicoctl.ipam;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Selector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which pools a request may take addresses from (libcalico-go's determinePools), in order. Pure. */
final class PoolSelection {
    private PoolSelection() {}

    static List<IpPool> choose(int version, List<String> requested, AutoAssignRequest req, List<IpPool> allPools, Map<String, String> nodeLabels) {
        List<IpPool> enabled = new ArrayList<>();
        HostReservation hr = req.hostReservation();
        for (IpPool p : allPools) {
            // a host reservation needs room in each block (Windows: no /30../32 blocks)
            if (hr != null && p.blockSize() > hr.maxPrefixLength(p.cidr().ip().bits())) continue;
            if (p.cidr().version() == version && !p.disabled()) enabled.add(p);
        }
        List<IpPool> matching = new ArrayList<>();
        if (!requested.isEmpty()) {
            for (String want : requested) {
                IpPool found = null;
                Cidr wantCidr = Cidr.tryParse(want);
                for (IpPool p : enabled) {
                    if (p.name().equals(want) || (wantCidr != null && p.cidr().masked().equals(wantCidr.masked()))) found = p;
                }
                if (found == null) {
                    throw new IpamException("the given pool (" + (wantCidr != null ? wantCidr.masked().toString() : want) + ") does not exist, or is not enabled");
                }
                if (!matching.contains(found)) matching.add(found);
            }
        } else {
            Map<String, String> nsLabels = new HashMap<>(req.namespaceLabels());
            if (req.namespace() != null) nsLabels.putIfAbsent("projectcalico.org/name", req.namespace());
            for (IpPool p : enabled) {
                if (!"Automatic".equals(p.assignmentMode())) continue;
                if (!Selector.parse(p.nodeSelector()).matches(nodeLabels)) continue;
                if (req.namespace() != null && !p.namespaceSelector().isEmpty() && !Selector.parse(p.namespaceSelector()).matches(nsLabels)) continue;
                matching.add(p);
            }
        }
        if (matching.isEmpty()) {
            if (enabled.isEmpty()) throw new IpamException("cannot find a qualified ippool: no enabled IPv" + version + " pools");
            throw new IpamException("no configured Calico pools for node " + req.node());
        }
        List<IpPool> allowed = new ArrayList<>();
        for (IpPool p : matching) if (p.allowedUses().contains(req.use())) allowed.add(p);
        if (allowed.isEmpty()) throw new IpamException("cannot find a qualified ippool, no pools match the required use (" + req.use() + ")");
        return allowed;
    }
}
