package dev.calicoctl.cli.cni;

import dev.calicoctl.model.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * CNI_ARGS ("K=V;K2=V2") as upstream's K8sArgs and ipamArgs read them: the pod's namespace and
 * name, and IP (one specific address). Any other key is an error unless IgnoreUnknown is set,
 * as in the CNI library's LoadArgs.
 */
public record CniArgs(String podNamespace, String podName, IpAddress ip) {
    private static final List<String> KNOWN = List.of("IgnoreUnknown", "K8S_POD_NAMESPACE", "K8S_POD_NAME",
            "K8S_POD_INFRA_CONTAINER_ID", "IP", "CNI_TEST_NAMESPACE");

    public static CniArgs parse(String text) {
        String ns = null, pod = null;
        IpAddress ip = null;
        boolean ignoreUnknown = false;
        List<String> unknown = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(";", -1)) {
                String[] kv = pair.split("=", -1);
                if (kv.length != 2) throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_ARGS: invalid pair \"" + pair + "\"");
                String k = kv[0], v = kv[1];
                switch (k) {
                    case "K8S_POD_NAMESPACE" -> ns = v;
                    case "K8S_POD_NAME" -> pod = v;
                    case "IgnoreUnknown" -> ignoreUnknown = v.equals("1") || v.equalsIgnoreCase("true");
                    case "IP" -> {
                        ip = IpAddress.tryParse(v);
                        if (ip == null) throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_ARGS: IP=" + v + " is not an IP address");
                    }
                    default -> { if (!KNOWN.contains(k)) unknown.add(pair); }
                }
            }
        }
        if (!unknown.isEmpty() && !ignoreUnknown) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_ARGS: unknown args " + unknown + " (add IgnoreUnknown=1 to ignore them)");
        }
        return new CniArgs(ns == null || ns.isEmpty() ? null : ns, pod == null || pod.isEmpty() ? null : pod, ip);
    }

    /** A Kubernetes pod when both namespace and name are given (upstream's GetIdentifiers). */
    public boolean isPod() { return podNamespace != null && podName != null; }
}
