package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calicoctl.model.FieldType.*;

/** IPPool: its schema, defaulting and validation (libcalico-go clientv3/ippool.go and the CRD's CEL rules). */
public final class IpPool {
    public static final FieldType SPEC = object(
            "cidr", STRING.keepEmpty(), "vxlanMode", STRING, "ipipMode", STRING, "natOutgoing", BOOL,
            "disabled", BOOL, "disableBGPExport", BOOL, "blockSize", INT, "nodeSelector", STRING,
            "namespaceSelector", STRING, "allowedUses", listOf(STRING), "assignmentMode", STRING,
            // v1 leftovers still accepted by the v3 API
            "ipip", object("enabled", BOOL, "mode", STRING), "nat-outgoing", BOOL);
    public static final FieldType STATUS = object("conditions", listOf(ANY));

    public static final List<String> ENCAP_MODES = List.of("Never", "Always", "CrossSubnet");
    public static final List<String> USES = List.of("Workload", "Tunnel", "LoadBalancer");

    private final Resource r;

    public IpPool(Resource r) { this.r = r; }

    public Resource resource() { return r; }
    public String name() { return r.name(); }
    public String cidrText() { return Json.str(r.spec().get("cidr")); }
    public Cidr cidr() { return Cidr.parse(cidrText()); }
    public int blockSize() { return intOf(r.spec().get("blockSize"), cidr().version() == 4 ? 26 : 122); }
    public boolean disabled() { return Boolean.TRUE.equals(r.spec().get("disabled")); }
    public boolean natOutgoing() { return Boolean.TRUE.equals(r.spec().get("natOutgoing")); }
    public String nodeSelector() { String s = Json.str(r.spec().get("nodeSelector")); return s == null || s.isEmpty() ? "all()" : s; }
    public String namespaceSelector() { String s = Json.str(r.spec().get("namespaceSelector")); return s == null ? "" : s; }
    public String ipipMode() { String s = Json.str(r.spec().get("ipipMode")); return s == null || s.isEmpty() ? "Never" : s; }
    public String vxlanMode() { String s = Json.str(r.spec().get("vxlanMode")); return s == null || s.isEmpty() ? "Never" : s; }
    public String assignmentMode() { String s = Json.str(r.spec().get("assignmentMode")); return s == null ? "Automatic" : s; }

    @SuppressWarnings("unchecked")
    public List<String> allowedUses() {
        Object o = r.spec().get("allowedUses");
        return o instanceof List<?> l && !l.isEmpty() ? (List<String>) l : List.of("Workload", "Tunnel");
    }

    static int intOf(Object o, int dflt) {
        if (o instanceof Number n && n.longValue() != 0) return n.intValue();
        return dflt;
    }

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void applyDefaults(Resource res) {
            Map<String, Object> s = res.spec();
            Cidr c = Cidr.tryParse(Json.str(s.get("cidr")));
            if (c == null) return; // validation reports it
            s.put("cidr", c.toString());
            if (isEmpty(s.get("nodeSelector"))) s.put("nodeSelector", "all()");
            if (isEmpty(s.get("blockSize"))) s.put("blockSize", (long) (c.version() == 4 ? 26 : 122));
            if (isEmpty(s.get("allowedUses"))) s.put("allowedUses", new ArrayList<>(List.of("Workload", "Tunnel")));
            if (isEmpty(s.get("assignmentMode"))) s.put("assignmentMode", "Automatic");
            if (isEmpty(s.get("ipipMode"))) s.put("ipipMode", "Never");
            if (isEmpty(s.get("vxlanMode"))) s.put("vxlanMode", "Never");
        }

        @Override public void validate(Resource res, List<FieldError> errors) {
            Map<String, Object> s = res.spec();
            String text = Json.str(s.get("cidr"));
            if (text == null || text.isEmpty()) {
                errors.add(new FieldError("IPPool.Spec.CIDR", null, "IPPool CIDR must be specified"));
                return;
            }
            Cidr c = Cidr.tryParse(text);
            if (c == null) {
                errors.add(new FieldError("IPPool.Spec.CIDR", text, "IPPool CIDR must be a valid subnet"));
                return;
            }
            if (!c.isMasked()) errors.add(new FieldError("IPPool.Spec.CIDR", text, "IPPool CIDR is not strictly masked"));
            boolean v4 = c.version() == 4;
            // Go struct rules and tags first, then the CRD's OpenAPI enums, then its CEL rules (named "spec")
            String ipip = Json.str(s.get("ipipMode")), vxlan = Json.str(s.get("vxlanMode"));
            String nodeSel = Json.str(s.get("nodeSelector")), nsSel = Json.str(s.get("namespaceSelector"));
            List<String> uses = new ArrayList<>();
            if (s.get("allowedUses") instanceof List<?> l) for (Object u : l) uses.add(String.valueOf(u));
            for (String u : uses) {
                if (!USES.contains(u)) errors.add(new FieldError("IPpool.AllowedUses", Values.goString(uses), "unknown use: " + u));
            }
            selectorTag("NodeSelector", nodeSel, errors);
            selectorTag("NamespaceSelector", nsSel, errors);
            enumCheck("spec.vxlanMode", vxlan, ENCAP_MODES, errors);
            enumCheck("spec.ipipMode", ipip, ENCAP_MODES, errors);
            enumCheck("spec.assignmentMode", Json.str(s.get("assignmentMode")), List.of("Automatic", "Manual"), errors);
            for (String u : uses) if (!USES.contains(u)) errors.add(new FieldError("spec.allowedUses[" + uses.indexOf(u) + "]", null, "supported values: \"Workload\", \"Tunnel\", \"LoadBalancer\""));
            boolean ipipOn = ipip != null && !ipip.isEmpty() && !ipip.equals("Never");
            boolean vxlanOn = vxlan != null && !vxlan.isEmpty() && !vxlan.equals("Never");
            boolean lb = uses.contains("LoadBalancer");
            if (ipipOn && vxlanOn) cel("ipipMode and vxlanMode cannot both be enabled", errors);
            if (lb && (ipipOn || vxlanOn)) cel("LoadBalancer IP pool cannot have IPIP or VXLAN enabled", errors);
            if (lb && (uses.contains("Workload") || uses.contains("Tunnel"))) cel("LoadBalancer cannot be combined with Workload or Tunnel allowed uses", errors);
            if (!v4 && ipipOn) cel("IPIP is not supported on IPv6 pools", errors);
            if (lb && Boolean.TRUE.equals(s.get("disableBGPExport"))) cel("LoadBalancer IP pools cannot disable BGP export", errors);
            if (lb && nodeSel != null && !nodeSel.isEmpty() && !nodeSel.equals("all()")) cel("IP Pool with AllowedUse LoadBalancer must have nodeSelector set to all()", errors);
            if (uses.contains("Tunnel") && nsSel != null && !nsSel.isEmpty()) cel("IP Pool with AllowedUse Tunnel cannot have namespaceSelector", errors);
            if (nodeSel != null && nodeSel.contains("global(")) cel("global() selector is not valid for IPPool nodeSelector", errors);
            if (nsSel != null && nsSel.contains("global(")) cel("global() selector is not valid for IPPool namespaceSelector", errors);
            if (v4 ? new Cidr(IpAddress.parse("169.254.0.0"), 16).overlaps(c) : new Cidr(IpAddress.parse("fe80::"), 10).overlaps(c)) {
                cel(v4 ? "IPPool CIDR overlaps with IPv4 link local range 169.254.0.0/16" : "IPPool CIDR overlaps with IPv6 link local range fe80::/10", errors);
            }
            Object bsRaw = s.get("blockSize");
            int bs = intOf(bsRaw, v4 ? 26 : 122);
            if (bsRaw instanceof Number n && n.longValue() != 0
                    && (v4 ? (n.longValue() < 20 || n.longValue() > 32) : (n.longValue() < 116 || n.longValue() > 128))) {
                cel("blockSize must be between 20 and 32 for IPv4 pools, and between 116 and 128 for IPv6 pools", errors);
            }
            if (!Boolean.TRUE.equals(s.get("disabled")) && c.prefix() > bs) {
                cel("IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.", errors);
            }
        }

        private void cel(String message, List<FieldError> errors) { errors.add(new FieldError("spec", null, message)); }

        private void enumCheck(String path, String v, List<String> allowed, List<FieldError> errors) {
            if (v == null || v.isEmpty() || allowed.contains(v)) return;
            StringBuilder sb = new StringBuilder("supported values: ");
            for (int i = 0; i < allowed.size(); i++) sb.append(i > 0 ? ", " : "").append('"').append(allowed.get(i)).append('"');
            errors.add(new FieldError(path, null, sb.toString()));
        }

        private void selectorTag(String goName, String sel, List<FieldError> errors) {
            if (sel == null || sel.isEmpty() || Selector.problem(sel) == null) return;
            errors.add(new FieldError(goName, sel, Check.tagReason(goName, "selector")));
        }

        /** Overlap with every other pool (libcalico-go ippool.go Create). */
        @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) {
            Cidr mine = Cidr.parse(new IpPool(r).cidrText());
            for (Resource other : others.list(Kinds.IP_POOL)) {
                if (java.util.Objects.equals(other.name(), r.name())) continue;
                Cidr theirs = Cidr.tryParse(new IpPool(other).cidrText());
                if (theirs != null && theirs.overlaps(mine)) {
                    errors.add(new FieldError("IPPool.Spec.CIDR", mine.toString(),
                            "IPPool(" + r.name() + ") CIDR overlaps with IPPool(" + other.name() + ") CIDR " + new IpPool(other).cidrText()));
                }
            }
        }

        /** CIDR and block size are immutable; a LoadBalancer pool stays one (ippool.go Update). */
        @Override public void checkUpdate(Resource old, Resource r, Kind.Lookup others, List<FieldError> errors) {
            IpPool o = new IpPool(old), n = new IpPool(r);
            Cidr oc = Cidr.tryParse(o.cidrText());
            if (oc == null || !oc.equals(n.cidr())) errors.add(new FieldError("IPPool.Spec.CIDR", n.cidrText(), "IPPool CIDR cannot be modified"));
            if (o.blockSize() != n.blockSize()) errors.add(new FieldError("IPPool.Spec.BlockSize", n.blockSize(), "IPPool BlockSize cannot be modified"));
            if (o.allowedUses().contains("LoadBalancer") && !n.allowedUses().contains("LoadBalancer")) {
                errors.add(new FieldError("IPPool.Spec.AllowedUses", n.allowedUses(), "IPPool allowed use cannot be changed from LoadBalacer to Workload or Tunnel"));
            }
        }
    };

    private static boolean isEmpty(Object o) { return FieldType.isEmpty(o); }
}
