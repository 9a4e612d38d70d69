package dev.calicoctl.cli.output.gotemplate;

/** Go's fmt.Sprint of one JSON-shaped value (for other printers that print as Go does, such as jsonpath). */
public final class GoText {
    private GoText() {}

    public static String of(Object v) { return GoFmt.value(GoValues.fromData(v)); }

    /** Go's type name for a JSON-shaped value: string, int64, float64, bool, map[string]interface {}, []interface {}. */
    public static String typeName(Object v) { return GoValues.typeName(GoValues.fromData(v)); }
}
