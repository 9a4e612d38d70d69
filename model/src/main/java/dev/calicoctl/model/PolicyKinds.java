package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.calicoctl.model.FieldType.*;

/**
 * NetworkPolicy, GlobalNetworkPolicy, their Staged variants, StagedKubernetesNetworkPolicy, Tier
 * and Profile: schemas (networkpolicy.go, globalnetworkpolicy.go, staged*.go, tier.go, profile.go),
 * name rules, struct rules, defaults and the read-only knp.default policies.
 */
public final class PolicyKinds {
    private PolicyKinds() {}

    private static final String NL = Tags.NAME_LABEL;
    static final Pattern NP_NAME = Pattern.compile("^((" + NL + ")(\\." + NL + ")?|((?:knp|ossg)\\.default\\.(" + Tags.NAME_SUBDOMAIN + ")))$");
    static final Pattern GNP_NAME = Pattern.compile("^(" + NL + "\\.)?" + NL + "$");
    static final Pattern TIER_NAME = Pattern.compile("^" + NL + "$");
    private static final String GLOBAL_MSG = "global() can only be used in an EntityRule namespaceSelector";

    private static FieldType rules() { return listOf(PolicyRules.RULE).with(Check.maxItems(1024)); }

    private static FieldType types() { return listOf(STRING.with(Check.oneOf("Ingress", "Egress"))).with(Check.minItems(1), Check.maxItems(2)); }

    private static FieldType hints() {
        return listOf(STRING.with(Check.tag("oneof", v -> v.equals("AssumeNeededOnEveryNode")), Check.oneOf("AssumeNeededOnEveryNode")))
                .with(Check.tag("unique", v -> v instanceof List<?> l && new HashSet<>(l).size() == l.size()));
    }

    private static Check noGlobal(String field) { return Check.cel(s -> !Values.str(s, field).contains("global("), GLOBAL_MSG); }

    /** The spec fields in Go order; {@code global} adds GlobalNetworkPolicy's, {@code staged} stagedAction first. */
    private static FieldType policySpec(boolean global, boolean staged) {
        List<Object> f = new ArrayList<>();
        if (staged) f.addAll(List.of("stagedAction", STRING.with(Check.oneOf("Set", "Delete", "Learn", "Ignore"))));
        f.addAll(List.of("tier", STRING.with(Tags.NAME_TAG), "order", NUMBER.pointer(), "ingress", rules(), "egress", rules(),
                "selector", PolicyRules.selector(), "types", types()));
        if (global) f.addAll(List.of("doNotTrack", BOOL, "preDNAT", BOOL.go("PreDNAT"), "applyOnForward", BOOL));
        f.addAll(List.of("serviceAccountSelector", PolicyRules.selector()));
        if (global) f.addAll(List.of("namespaceSelector", PolicyRules.selector()));
        f.addAll(List.of("performanceHints", hints()));
        FieldType t = object(f.toArray());
        if (global) {
            t = t.with(
                    Check.cel(s -> !(Values.isTrue(s, "doNotTrack") && Values.isTrue(s, "preDNAT")), "preDNAT and doNotTrack cannot both be true"),
                    Check.cel(s -> !Values.isTrue(s, "preDNAT") || !Values.nonEmpty(s, "egress"), "preDNAT policy cannot have any egress rules"),
                    Check.cel(s -> !Values.isTrue(s, "preDNAT") || !Values.list(s, "types").contains("Egress"), "preDNAT policy cannot have 'Egress' type"),
                    Check.cel(s -> Values.isTrue(s, "applyOnForward") || !Values.isTrue(s, "doNotTrack") && !Values.isTrue(s, "preDNAT"),
                            "applyOnForward must be true if either preDNAT or doNotTrack is true"));
        }
        t = t.with(noGlobal("selector"), noGlobal("serviceAccountSelector"));
        return global ? t.with(noGlobal("namespaceSelector")) : t;
    }

    public static final FieldType NP_SPEC = policySpec(false, false);
    public static final FieldType GNP_SPEC = policySpec(true, false);
    public static final FieldType SNP_SPEC = policySpec(false, true);
    public static final FieldType SGNP_SPEC = policySpec(true, true);

    private static final FieldType LABEL_SELECTOR = object("matchLabels", STRING_MAP,
            "matchExpressions", listOf(object("key", STRING.keepEmpty(), "operator", STRING.keepEmpty(), "values", listOf(STRING))));
    private static final FieldType K8S_PEER = object("podSelector", LABEL_SELECTOR, "namespaceSelector", LABEL_SELECTOR,
            "ipBlock", object("cidr", STRING.keepEmpty(), "except", listOf(STRING)));
    private static final FieldType K8S_PORT = object("protocol", STRING.pointer(), "port", ANY, "endPort", INT.pointer());

    public static final FieldType SKNP_SPEC = object(
            "stagedAction", STRING.with(Check.oneOf("Set", "Delete", "Learn", "Ignore")),
            "podSelector", LABEL_SELECTOR.keepEmpty(),
            "ingress", listOf(object("ports", listOf(K8S_PORT), "from", listOf(K8S_PEER))),
            "egress", listOf(object("ports", listOf(K8S_PORT), "to", listOf(K8S_PEER))),
            "policyTypes", listOf(STRING.with(Check.oneOf("Ingress", "Egress"))).with(Check.minItems(1), Check.maxItems(2)));

    /** The policy kinds' hooks: name format, spec struct rules, defaults, tier label, knp.default. */
    static Kind.Rules policyRules(Pattern name, boolean global, boolean staged, boolean kubernetes) {
        return new Kind.Rules() {
            @Override public void validate(Resource r, List<FieldError> errors) {
                String n = r.name() == null ? "" : r.name();
                if (n.length() > 253) errors.add(new FieldError("Metadata.Name", n, "name is too long by " + (n.length() - 253) + " bytes"));
                if (name != null && !name.matcher(n).matches()) {
                    errors.add(new FieldError("Metadata.Name", n, "name must consist of lower case alphanumeric characters or '-' (regex: " + NL + ")"));
                }
                Map<String, Object> s = r.spec();
                if (kubernetes) return;
                if (staged && "Delete".equals(s.get("stagedAction"))) {
                    for (Map.Entry<String, Object> e : s.entrySet()) {
                        if (!e.getKey().equals("tier") && !e.getKey().equals("stagedAction") && !FieldType.isEmpty(e.getValue())) {
                            String kind = global ? "StagedGlobalNetworkPolicySpec" : "StagedNetworkPolicySpec";
                            errors.add(new FieldError(kind, Values.goString(s), "Spec fields, except Tier, should all be zero-value if stagedAction is Delete"));
                            return;
                        }
                    }
                    return;
                }
                specRules(s, global, errors);
            }

            @Override public void crdDefaults(Resource r) {
                if (staged) r.spec().putIfAbsent("stagedAction", "Set");
                if (!kubernetes && FieldType.isEmpty(r.spec().get("tier"))) r.spec().put("tier", "default");
            }

            @Override public void applyDefaults(Resource r) {
                Map<String, Object> s = r.spec();
                if (kubernetes) return;
                if (staged && "Delete".equals(s.get("stagedAction"))) { s.remove("types"); }
                else if (FieldType.isEmpty(s.get("types"))) {
                    List<String> types = new ArrayList<>();
                    boolean ingress = Values.nonEmpty(s, "ingress"), egress = Values.nonEmpty(s, "egress");
                    if (!egress || ingress) types.add("Ingress");
                    if (egress) types.add("Egress");
                    s.put("types", types);
                }
                Map<String, Object> labels = new java.util.LinkedHashMap<>(r.labels());
                labels.put("projectcalico.org/tier", s.get("tier"));
                r.metadata().put("labels", labels);
            }

            /** The policy's tier must exist (libcalico-go policy clients read it first). */
            @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) {
                if (kubernetes) return;
                String tier = Values.str(r.spec(), "tier");
                if (tier.isEmpty()) tier = "default";
                for (Resource t : others.list(Kinds.byName("Tier"))) if (tier.equals(t.name())) return;
                throw new CalicoException("resource does not exist: Tier(" + tier + ") with error: <nil>");
            }

            @Override public String[] refuse(Kind.Operation op, Resource r) {
                if (kubernetes || global || staged || r.name() == null || !r.name().startsWith("knp.default.")) return null;
                String why = "kubernetes network policies must be managed through the kubernetes API";
                return switch (op) {
                    case CREATE -> new String[] {"create or apply", r.identifier(), why};
                    case UPDATE -> new String[] {"apply or replace", r.identifier(), why};
                    case DELETE -> new String[] {"delete", r.identifier(), why};
                    case APPLY -> null; // apply's create is refused, then its update
                };
            }
        };
    }

    /** validateNetworkPolicySpec / validateGlobalNetworkPolicySpec. */
    private static void specRules(Map<String, Object> s, boolean global, List<FieldError> errors) {
        Set<Object> seen = new HashSet<>();
        for (Object t : Values.list(s, "types")) {
            if (!seen.add(t)) {
                errors.add(new FieldError(global ? "GlobalNetworkPolicySpec.Types" : "NetworkPolicySpec.Types", Values.goString(Values.list(s, "types")),
                        "'" + t + "' type specified more than once"));
            }
        }
        for (Object o : Values.list(s, "egress")) {
            Map<String, Object> rule = Values.map(o);
            Map<String, Object> src = Values.obj(rule, "source");
            if (Values.has(src, "services")) errors.add(new FieldError("Services", Values.goString(src.get("services")), "not allowed in egress rule source"));
            if (Values.has(rule, "http")) errors.add(new FieldError("HTTP", Values.goString(rule.get("http")), global ? "not allowed in egress rules" : "not allowed in egress rule"));
        }
        for (Object o : Values.list(s, "ingress")) {
            Map<String, Object> dst = Values.obj(Values.map(o), "destination");
            if (Values.has(dst, "services")) errors.add(new FieldError("Services", Values.goString(dst.get("services")), "not allowed in ingress rule destination"));
        }
        if (!global) return;
        String[][] sides = {{"egress", "destination"}, {"ingress", "source"}};
        for (String[] side : sides) {
            for (Object o : Values.list(s, side[0])) {
                Map<String, Object> svc = Values.obj(Values.obj(Values.map(o), side[1]) == null ? Map.of() : Values.obj(Values.map(o), side[1]), "services");
                if (svc != null && Values.str(svc, "namespace").isEmpty()) errors.add(new FieldError("Namespace", "", "must specify a namespace"));
            }
        }
    }

    // ---------------------------------------------------------------- Tier
    public static final FieldType TIER_SPEC = object(
            "order", NUMBER.pointer(),
            "defaultAction", STRING.pointer().with(Check.tag("oneof", v -> v.equals("Deny") || v.equals("Pass")), Check.oneOf("Pass", "Deny")));

    private static final Map<String, Object[]> PROTECTED_TIERS = Map.of(
            "default", new Object[] {1_000_000d, "Deny"}, "kube-admin", new Object[] {1_000d, "Pass"}, "kube-baseline", new Object[] {10_000_000d, "Pass"});

    public static final Kind.Rules TIER_RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            String n = r.name() == null ? "" : r.name();
            if (n.length() > 63) errors.add(new FieldError("Metadata.Name", n, "name is too long by " + (n.length() - 63) + " bytes"));
            if (!TIER_NAME.matcher(n).matches()) {
                errors.add(new FieldError("Metadata.Name", n, "name must consist of lower case alphanumeric characters or '-' (regex: " + NL + ")"));
            }
        }

        /** The CRD's CEL rules on the Tier itself (reported under the kind's name). */
        @Override public void validateCrd(Resource r, List<FieldError> errors) {
            String n = r.name() == null ? "" : r.name();
            Object[] fixed = PROTECTED_TIERS.get(n);
            if (fixed == null) return;
            if (!fixed[1].equals(r.spec().get("defaultAction"))) {
                errors.add(new FieldError("Tier", null, "The '" + n + "' tier must have default action '" + fixed[1] + "'"));
            }
            if (!(r.spec().get("order") instanceof Number o) || o.doubleValue() != (double) fixed[0]) {
                errors.add(new FieldError("Tier", null, n + " tier order must be " + ((Double) fixed[0]).longValue()));
            }
        }

        @Override public void crdDefaults(Resource r) { r.spec().putIfAbsent("defaultAction", "Deny"); }

        @Override public String[] refuse(Kind.Operation op, Resource r) {
            if (op == Kind.Operation.DELETE && PROTECTED_TIERS.containsKey(r.name())) {
                return new String[] {"Delete", r.name(), "Cannot delete " + r.name() + " tier"};
            }
            return null;
        }
    };

    // ---------------------------------------------------------------- Profile
    public static final FieldType PROFILE_SPEC = object(
            "ingress", rules(), "egress", rules(), "labelsToApply", STRING_MAP.with(Tags.LABELS));

    static final String DEFAULT_ALLOW = "projectcalico-default-allow";

    /** Profiles: the built-in, read-only projectcalico-default-allow (libcalico-go profile.go). */
    public static final Kind.Rules PROFILE_RULES = new Kind.Rules() {
        @Override public List<Resource> builtIns() {
            Resource r = Resource.named(Kinds.byName("Profile"), null, DEFAULT_ALLOW);
            r.metadata().put("resourceVersion", "1");
            r.spec().put("ingress", new ArrayList<>(List.of(new java.util.LinkedHashMap<>(Map.of("action", "Allow")))));
            r.spec().put("egress", new ArrayList<>(List.of(new java.util.LinkedHashMap<>(Map.of("action", "Allow")))));
            return List.of(r);
        }

        @Override public String[] refuse(Kind.Operation op, Resource r) {
            if (!DEFAULT_ALLOW.equals(r.name())) return null;
            String what = "The profile \"" + DEFAULT_ALLOW + "\" is a default provided by Calico and cannot be ";
            return switch (op) {
                case CREATE -> new String[] {Kind.ALREADY_EXISTS, DEFAULT_ALLOW,
                        DEFAULT_ALLOW + " already exists. The profile \"" + DEFAULT_ALLOW + "\" is default provided by Calico"};
                case UPDATE -> new String[] {"Update", DEFAULT_ALLOW, what + "updated"};
                case DELETE -> new String[] {"Delete", DEFAULT_ALLOW, what + "deleted"};
                case APPLY -> null;
            };
        }
    };
}
