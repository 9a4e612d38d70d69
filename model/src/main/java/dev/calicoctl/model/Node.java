package dev.calicoctl.model;

import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/** Node: Calico's view of a host (libcalico-go internalapi/node.go); its labels drive IP pool nodeSelectors. */
public final class Node {
    public static final FieldType SPEC = object(
            "bgp", object(
                    "asNumber", scalar(ValueTypes.asNumberType("NodeBGPSpec")).go("ASNumber").pointer(),
                    "ipv4Address", STRING.go("IPv4Address").with(Tags.CIDRV4),
                    "ipv6Address", STRING.go("IPv6Address").with(Tags.CIDRV6),
                    "ipv4IPIPTunnelAddr", STRING.go("IPv4IPIPTunnelAddr").with(Tags.IPV4),
                    "routeReflectorClusterID", STRING.go("RouteReflectorClusterID").with(Tags.IPV4)
            ).go("BGP").with(Check.goValue((v, at, errors) -> {
                if (v instanceof Map<?, ?> m && m.values().stream().allMatch(FieldType::isEmpty)) {
                    errors.add(new FieldError("BGP", Values.goString(v), "Spec.BGP should not be empty"));
                }
            })),
            "ipv4VXLANTunnelAddr", STRING.go("IPv4VXLANTunnelAddr").with(Tags.IPV4),
            "vxlanTunnelMACAddr", STRING.go("VXLANTunnelMACAddr").with(Tags.MAC_TAG),
            "ipv6VXLANTunnelAddr", STRING.go("IPv6VXLANTunnelAddr").with(Tags.IPV6),
            "vxlanTunnelMACAddrV6", STRING.go("VXLANTunnelMACAddrV6").with(Tags.MAC_TAG),
            "orchRefs", listOf(object("nodeName", STRING, "orchestrator", STRING.keepEmpty())),
            "wireguard", object("interfaceIPv4Address", STRING.go("InterfaceIPv4Address").with(Tags.IPV4),
                    "interfaceIPv6Address", STRING.go("InterfaceIPv6Address").with(Tags.IPV6)),
            "addresses", listOf(object("address", STRING.keepEmpty().with(Tags.NET),
                    "type", STRING.with(Check.tag("ipType", v -> v.toString().matches("^(CalicoNodeIP|InternalIP|ExternalIP)$"))))),
            "interfaces", listOf(object("name", STRING.with(Tags.NAME_TAG), "addresses", listOf(STRING))));
    public static final FieldType STATUS = object(
            "wireguardPublicKey", STRING, "wireguardPublicKeyV6", STRING, "podCIDRs", listOf(STRING));

    private Node() {}

    public static final Kind.Rules RULES = new Kind.Rules() {};
}
