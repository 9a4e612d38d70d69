package dev.calicoctl.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.calicoctl.model.FieldType.*;

/** ObjectMeta: its schema in Kubernetes' field order, and the name/label rules Calico applies. */
public final class Metadata {
    private Metadata() {}

    public static final FieldType SCHEMA = object(
            "name", STRING, "generateName", STRING, "namespace", STRING, "selfLink", STRING,
            "uid", STRING, "resourceVersion", STRING, "generation", INT,
            "creationTimestamp", STRING, "deletionTimestamp", STRING, "deletionGracePeriodSeconds", INT,
            "labels", STRING_MAP, "annotations", STRING_MAP, "ownerReferences", listOf(ANY),
            "finalizers", listOf(STRING), "managedFields", listOf(ANY));

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    /** libcalico-go's ObjectMeta struct rule: name length and format, annotations, labels. */
    public static void validate(Resource r, List<FieldError> errors) {
        String name = r.name() == null ? "" : r.name();
        if (name.length() > 253) errors.add(new FieldError("Metadata.Name", name, "name is too long by " + (name.length() - 253) + " bytes"));
        if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("Metadata.Name", name,
                    "name must consist of lower case alphanumeric characters, '-' or '.' (regex: " + NAME.pattern() + ")"));
        }
        String ns = r.namespace();
        if (ns != null && !ns.isEmpty() && (ns.length() > 63 || !NAME.matcher(ns).matches() || ns.contains("."))) {
            errors.add(new FieldError("Metadata.Namespace", ns, "namespace must be a valid DNS label"));
        }
        validateAnnotations(annotations(r), errors);
        validateLabels(r.labels(), errors);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> annotations(Resource r) {
        return r.metadata().get("annotations") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    static void validateAnnotations(Map<String, String> annotations, List<FieldError> errors) {
        long total = 0;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(annotations).entrySet()) {
            for (String p : qualifiedNameProblems(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errors.add(new FieldError("Metadata.Annotations (key)", e.getKey(), p));
            }
            total += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
        }
        if (total > 256 * 1024) {
            errors.add(new FieldError("Metadata.Annotations (key)", Values.goString(annotations),
                    "total size of annotations is too large by " + (total - 256 * 1024) + " bytes"));
        }
    }

    static void validateLabels(Map<String, String> labels, List<FieldError> errors) {
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
            for (String p : qualifiedNameProblems(e.getKey())) errors.add(new FieldError("Metadata.Labels (label)", e.getKey(), p));
            String v = e.getValue() == null ? "" : e.getValue();
            for (String p : labelValueProblems(v)) errors.add(new FieldError("Metadata.Labels (value)", v, p));
        }
    }

    private static final String QUALIFIED = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QUALIFIED + "')";

    /** Kubernetes' IsQualifiedName messages. */
    static List<String> qualifiedNameProblems(String k) {
        List<String> out = new java.util.ArrayList<>();
        String[] parts = k.split("/", -1);
        String n;
        if (parts.length == 1) n = parts[0];
        else if (parts.length == 2) {
            n = parts[1];
            if (parts[0].isEmpty()) out.add("prefix part must be non-empty");
            else if (parts[0].length() > 253) out.add("prefix part must be no more than 253 characters");
            else if (!NAME.matcher(parts[0]).matches()) {
                out.add("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end"
                        + " with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + NAME.pattern() + "')");
            }
        } else {
            out.add("a qualified name " + QUALIFIED_MSG + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return out;
        }
        if (n.isEmpty()) out.add("name part must be non-empty");
        else if (n.length() > 63) out.add("name part must be no more than 63 characters");
        if (!n.isEmpty() && !LABEL_NAME.matcher(n).matches()) out.add("name part " + QUALIFIED_MSG);
        return out;
    }

    static List<String> labelValueProblems(String v) {
        List<String> out = new java.util.ArrayList<>();
        if (v.length() > 63) out.add("must be no more than 63 characters");
        if (!LABEL_VALUE.matcher(v).matches()) {
            out.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                    + " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE.pattern() + "')");
        }
        return out;
    }

    static boolean validLabelKey(String k) { return qualifiedNameProblems(k).isEmpty(); }

    static boolean validLabelValue(String v) { return labelValueProblems(v).isEmpty(); }
}
