package dev.calicoctl.model;

import java.util.List;

import static dev.calicoctl.model.FieldType.*;

/** Node: Calico's view of a host; its labels drive IP pool nodeSelectors. */
public final class Node {
    public static final FieldType SPEC = object(
            "bgp", object("asNumber", ANY, "ipv4Address", STRING, "ipv6Address", STRING,
                    "ipv4IPIPTunnelAddr", STRING, "routeReflectorClusterID", STRING),
            "ipv4VXLANTunnelAddr", STRING, "vxlanTunnelMACAddr", STRING,
            "ipv6VXLANTunnelAddr", STRING, "vxlanTunnelMACAddrV6", STRING,
            "orchRefs", listOf(object("nodeName", STRING, "orchestrator", STRING.keepEmpty())),
            "wireguard", object("interfaceIPv4Address", STRING, "interfaceIPv6Address", STRING),
            "addresses", listOf(object("address", STRING.keepEmpty(), "type", STRING)),
            "interfaces", listOf(object("name", STRING, "addresses", listOf(STRING))));
    public static final FieldType STATUS = object(
            "wireguardPublicKey", STRING, "wireguardPublicKeyV6", STRING, "podCIDRs", listOf(STRING));

    private Node() {}

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            if (r.spec().get("bgp") instanceof java.util.Map<?, ?> bgp) {
                Object v4 = bgp.get("ipv4Address");
                if (v4 != null && !v4.toString().isEmpty()) {
                    Cidr c = Cidr.tryParseCidrOrIp(v4.toString());
                    if (c == null || c.version() != 4) errors.add(new FieldError("Node.Spec.BGP.IPv4Address", v4, "must be an IPv4 address or CIDR"));
                }
                Object v6 = bgp.get("ipv6Address");
                if (v6 != null && !v6.toString().isEmpty()) {
                    Cidr c = Cidr.tryParseCidrOrIp(v6.toString());
                    if (c == null || c.version() != 6) errors.add(new FieldError("Node.Spec.BGP.IPv6Address", v6, "must be an IPv6 address or CIDR"));
                }
            }
        }
    };
}
