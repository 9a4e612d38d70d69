package dev.calicoctl.cli.cni;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network configuration a CNI caller passes on stdin, as far as Calico's IPAM plugin reads
 * it (upstream cni-plugin/pkg/types NetConf). Decoded strictly: every field this plugin knows
 * must have its type; the `ipam` section is this plugin's own, so an unknown field there is an
 * error (a typo such as `ipv4_pool` would otherwise silently mean "any pool"). Other top-level
 * fields belong to the calling plugin (the bridge's `bridge`, `isGateway`, …) and are left alone.
 */
public record NetConf(String cniVersion, String name, String type, Ipam ipam,
                      String nodename, String nodenameFile, String hostname, String ipamLockFile,
                      String datastoreType, String etcdEndpoints, String etcdDiscoverySrv,
                      String etcdKeyFile, String etcdCertFile, String etcdCaCertFile,
                      String kubeconfig, String logLevel, List<String> prevResultAddresses) {

    /** The `ipam` section: which families, and which pools (names or CIDRs). */
    public record Ipam(String type, Boolean assignIpv4, Boolean assignIpv6, List<String> ipv4Pools, List<String> ipv6Pools) {
        static final Ipam NONE = new Ipam(null, null, null, List.of(), List.of());

        /** One IPv4 address unless assign_ipv4 is "false" (upstream's default). */
        public int num4() { return Boolean.FALSE.equals(assignIpv4) ? 0 : 1; }

        /** No IPv6 address unless assign_ipv6 is "true". */
        public int num6() { return Boolean.TRUE.equals(assignIpv6) ? 1 : 0; }
    }

    private static final Set<String> IPAM_FIELDS = Set.of("type", "name", "subnet", "assign_ipv4", "assign_ipv6", "ipv4_pools", "ipv6_pools");

    /** Decodes stdin; a CniError with the spec's code says what is wrong. */
    public static NetConf decode(String text) {
        Object tree;
        try {
            tree = Json.parse(text);
        } catch (CalicoException e) {
            throw new CniError(CniError.DECODING_FAILURE, "error unmarshalling network config: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> top)) {
            throw new CniError(CniError.DECODING_FAILURE, "error unmarshalling network config: expected a JSON object");
        }
        Fields f = new Fields(top, "");
        for (String gone : List.of("etcd_authority", "etcd_scheme")) {
            if (top.get(gone) != null) {
                throw new CniError(CniError.UNSUPPORTED_FIELD, "unsupported field " + gone + "=" + Json.write(top.get(gone)) + ": use etcd_endpoints");
            }
        }
        Fields k8s = f.object("kubernetes");
        String name = f.string("name");
        if (name == null || name.isEmpty()) throw new CniError(CniError.INVALID_CONFIG, "missing network name");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*")) {
            throw new CniError(CniError.INVALID_CONFIG, "invalid characters found in network name \"" + name + "\": only letters, digits and _.- are allowed");
        }
        return new NetConf(f.string("cniVersion"), name, f.string("type"), ipam(f.object("ipam")),
                f.string("nodename"), f.string("nodename_file"), f.string("hostname"), f.string("ipam_lock_file"),
                f.string("datastore_type"), f.string("etcd_endpoints"), f.string("etcd_discovery_srv"),
                f.string("etcd_key_file"), f.string("etcd_cert_file"), f.string("etcd_ca_cert_file"),
                k8s == null ? null : k8s.string("kubeconfig"), f.string("log_level"), prevResultAddresses(f.object("prevResult")));
    }

    private static Ipam ipam(Fields f) {
        if (f == null) return Ipam.NONE;
        for (Object k : f.map.keySet()) {
            if (!IPAM_FIELDS.contains(k.toString())) {
                throw new CniError(CniError.UNSUPPORTED_FIELD, "unsupported field ipam." + k + "=" + Json.write(f.map.get(k))
                        + " (calico-ipam reads type, assign_ipv4, assign_ipv6, ipv4_pools, ipv6_pools)");
            }
        }
        return new Ipam(f.string("type"), f.trueFalse("assign_ipv4"), f.trueFalse("assign_ipv6"), f.strings("ipv4_pools"), f.strings("ipv6_pools"));
    }

    /** The addresses of a prevResult (CHECK): ips[].address. */
    private static List<String> prevResultAddresses(Fields f) {
        List<String> out = new ArrayList<>();
        if (f == null) return out;
        Object ips = f.map.get("ips");
        if (ips == null) return out;
        if (!(ips instanceof List<?> l)) throw f.wrongType("ips", "a list", ips);
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("address") instanceof String a)) {
                throw new CniError(CniError.DECODING_FAILURE, "error unmarshalling network config: prevResult.ips entries need an \"address\" string");
            }
            out.add(a);
        }
        return out;
    }

    /** One JSON object's fields, read with their expected types. */
    private record Fields(Map<?, ?> map, String path) {
        String string(String k) {
            Object v = map.get(k);
            if (v == null || v instanceof String) return (String) v;
            throw wrongType(k, "a string", v);
        }

        Boolean trueFalse(String k) {
            String v = string(k);
            if (v == null) return null;
            if (v.equals("true")) return Boolean.TRUE;
            if (v.equals("false")) return Boolean.FALSE;
            throw new CniError(CniError.INVALID_CONFIG, path + k + " must be \"true\" or \"false\", not " + Json.quote(v));
        }

        List<String> strings(String k) {
            Object v = map.get(k);
            List<String> out = new ArrayList<>();
            if (v == null) return out;
            if (!(v instanceof List<?> l)) throw wrongType(k, "a list of strings", v);
            for (Object o : l) {
                if (!(o instanceof String s)) throw wrongType(k, "a list of strings", v);
                out.add(s);
            }
            return out;
        }

        Fields object(String k) {
            Object v = map.get(k);
            if (v == null) return null;
            if (!(v instanceof Map<?, ?> m)) throw wrongType(k, "an object", v);
            return new Fields(m, path + k + ".");
        }

        CniError wrongType(String k, String expected, Object v) {
            String got = v instanceof String ? "a string" : v instanceof Boolean ? "a boolean" : v instanceof Number ? "a number"
                    : v instanceof List ? "a list" : v instanceof Map ? "an object" : "null";
            return new CniError(CniError.DECODING_FAILURE, "error unmarshalling network config: " + path + k + " must be " + expected + ", not " + got);
        }
    }
}
