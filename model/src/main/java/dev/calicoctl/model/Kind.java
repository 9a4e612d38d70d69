package dev.calicoctl.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the tool knows about one resource kind, in one place (as calicoctl's
 * resourcemgr does): names, aliases, scope, etcd plural, table columns, schema and rules.
 */
public final class Kind {
    /** A refusal that the store reports as "resource already exists" (a built-in resource), so apply falls back to update. */
    public static final String ALREADY_EXISTS = "already exists";

    /** What a user asks of the store; read-only kinds refuse some of these. */
    public enum Operation { CREATE, APPLY, UPDATE, DELETE }

    /** Read access to the other resources, for rules that must see them (pool overlap). */
    public interface Lookup {
        List<Resource> list(Kind kind);
    }

    /**
     * The per-kind hooks the resource store calls (calicoctl's resourcemgr and libcalico-go's
     * per-kind clients): defaulting, validation, read-only refusals, cross-resource checks.
     * Every hook has a neutral default, so a kind overrides only what it needs.
     */
    public interface Rules {
        /**
         * Client logic that runs before validation on create and update (not for `validate`),
         * e.g. a WorkloadEndpoint's name derived from its spec; problems are added to {@code errors}.
         */
        default void prepare(Resource r, List<FieldError> errors) {}
        default void applyDefaults(Resource r) {}
        /** Go struct-level rules on the whole resource (field rules live in the schema). */
        default void validate(Resource r, List<FieldError> errors) {}
        /** The CRD's schema defaults, applied before its OpenAPI and CEL checks (and then stored). */
        default void crdDefaults(Resource r) {}
        /** The CRD's CEL rules on the resource root (reported under the kind's name). */
        default void validateCrd(Resource r, List<FieldError> errors) {}
        /**
         * Why a user may not perform {@code op} on {@code r}, as upstream's
         * "operation X is not supported on Y[: reason]" parts {op text, Y, reason}; null when allowed.
         * An op text of {@link #ALREADY_EXISTS} is reported as "resource already exists: Y with error: reason".
         */
        default String[] refuse(Operation op, Resource r) { return null; }
        /** Rules that need other resources, run on create (after validation). */
        default void checkCreate(Resource r, Lookup others, List<FieldError> errors) {}
        /** Resources of this kind that always exist without being stored (Profile projectcalico-default-allow). */
        default List<Resource> builtIns() { return List.of(); }
        /** Rules comparing the stored resource with its replacement. */
        default void checkUpdate(Resource old, Resource r, Lookup others, List<FieldError> errors) {}
    }

    private final String name;
    private final String plural;
    private final boolean namespaced;
    private final List<String> aliases;
    private final List<String> headings;
    private final List<String> wideHeadings;
    private final Map<String, Column> columns;
    private final Object[] fixedModel; // {spec, rules, status} given to the builder, or null: Kinds.modelOf(name) on first use
    private volatile FieldType schema;
    private volatile Rules rules;
    private volatile boolean modelled;

    private Kind(Builder b) {
        this.name = b.name;
        this.plural = b.plural;
        this.namespaced = b.namespaced;
        this.aliases = b.aliases;
        this.headings = b.headings;
        this.wideHeadings = b.wideHeadings;
        this.columns = b.columns;
        this.fixedModel = b.fromRegistry ? null : new Object[] {b.spec, b.rules, b.status};
    }

    /**
     * Start-up: a kind's schema and hooks are built the first time the kind is used (a `get
     * ippools` never builds FelixConfiguration's 188 fields and their rules).
     */
    private FieldType built() {
        FieldType s = schema;
        if (s != null) return s;
        synchronized (this) {
            if (schema == null) {
                Object[] m = fixedModel != null ? fixedModel : Kinds.modelOf(name);
                if (m == null) m = new Object[] {FieldType.ANY, null, FieldType.ANY};
                FieldType spec = m[0] == null ? FieldType.ANY : (FieldType) m[0];
                rules = m.length > 1 && m[1] != null ? (Rules) m[1] : new Rules() {};
                modelled = spec != FieldType.ANY;
                schema = FieldType.object(
                        "kind", FieldType.STRING, "apiVersion", FieldType.STRING,
                        "metadata", Metadata.SCHEMA.keepEmpty(),
                        "spec", spec == FieldType.ANY ? FieldType.ANY : spec.keepEmpty(),
                        "status", m.length > 2 && m[2] != null ? (FieldType) m[2] : FieldType.ANY);
            }
            return schema;
        }
    }

    public String name() { return name; }
    public String listName() { return name + "List"; }
    public String plural() { return plural; }
    public boolean namespaced() { return namespaced; }
    public List<String> aliases() { return aliases; }
    public List<String> headings(boolean wide) { return wide ? wideHeadings : headings; }
    /** The cell of a table column (calicoctl's headingsMap key, exact case), or null when the kind has no such column. */
    public Column column(String heading) { return columns.get(heading); }
    /** Every column key of this kind, sorted (upstream lists them in Go's random map order). */
    public List<String> allHeadings() { return columns.keySet().stream().sorted().toList(); }
    public FieldType schema() { return built(); }
    /** The spec's type, with its field rules. */
    public FieldType specType() { return built().fields().get("spec"); }
    public Rules rules() { built(); return rules; }
    /** False for kinds recognised by name only, whose spec is stored as given. */
    public boolean modelled() { built(); return modelled; }

    @Override public String toString() { return name; }

    /** One table column: the text calicoctl's template writes for a resource. */
    public interface Column {
        String value(Resource r, TableContext ctx);
    }

    public static Builder builder(String name, String plural) { return new Builder(name, plural); }

    public static final class Builder {
        private final String name;
        private final String plural;
        private boolean namespaced;
        private List<String> aliases = List.of();
        private List<String> headings = List.of("NAME");
        private List<String> wideHeadings = List.of("NAME");
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private FieldType spec = FieldType.ANY;
        private FieldType status = FieldType.ANY;
        private Rules rules = new Rules() {};
        private boolean fromRegistry;

        private Builder(String name, String plural) {
            this.name = name;
            this.plural = plural;
            columns.put("NAME", (r, c) -> r.name());
        }

        public String name() { return name; }
        /** Namespaced kinds also have a NAMESPACE column. */
        public Builder namespaced() {
            this.namespaced = true;
            columns.put("NAMESPACE", (r, c) -> r.namespace() == null ? "" : r.namespace());
            return this;
        }
        public Builder aliases(String... a) { this.aliases = List.of(a); return this; }
        public Builder headings(String... h) { this.headings = List.of(h); return this; }
        public Builder wide(String... h) { this.wideHeadings = List.of(h); return this; }
        public Builder column(String heading, Function<Resource, String> f) { columns.put(heading, (r, c) -> f.apply(r)); return this; }
        public Builder column(String heading, Column f) { columns.put(heading, f); return this; }
        public Builder spec(FieldType t) { this.spec = t; return this; }
        public Builder status(FieldType t) { this.status = t; return this; }
        public Builder rules(Rules r) { this.rules = r; return this; }
        /** Spec schema, hooks and status schema come from {@code Kinds.modelOf(name)} on first use. */
        Builder modelFromRegistry() { this.fromRegistry = true; return this; }
        public Kind build() { return new Kind(this); }
    }
}
