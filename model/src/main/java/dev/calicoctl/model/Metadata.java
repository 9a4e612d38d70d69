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

    public static void validate(Resource r, List<FieldError> errors) {
        String name = r.name();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("Metadata.Name", null, "name must be specified"));
        } else if (name.length() > 253 || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("Metadata.Name", name,
                    "name must consist of lower case alphanumeric characters, '-' or '.' (regex: " + NAME.pattern() + ")"));
        }
        String ns = r.namespace();
        if (ns != null && !ns.isEmpty() && (ns.length() > 63 || !NAME.matcher(ns).matches() || ns.contains("."))) {
            errors.add(new FieldError("Metadata.Namespace", ns, "namespace must be a valid DNS label"));
        }
        for (Map.Entry<String, String> e : r.labels().entrySet()) {
            if (!validLabelKey(e.getKey())) errors.add(new FieldError("Metadata.Labels", e.getKey(), "invalid label key"));
            String v = e.getValue() == null ? "" : e.getValue();
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) errors.add(new FieldError("Metadata.Labels", v, "invalid label value"));
        }
    }

    static boolean validLabelKey(String k) {
        int slash = k.lastIndexOf('/');
        String prefix = slash >= 0 ? k.substring(0, slash) : null;
        String n = slash >= 0 ? k.substring(slash + 1) : k;
        if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !NAME.matcher(prefix).matches())) return false;
        return !n.isEmpty() && n.length() <= 63 && LABEL_NAME.matcher(n).matches();
    }
}
