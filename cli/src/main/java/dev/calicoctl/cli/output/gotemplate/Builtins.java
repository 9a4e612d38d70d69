package dev.calicoctl.cli.output.gotemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The functions a template can call: Go's builtins (and, or, not, len, index, slice, print, printf,
 * println, eq, ne, lt, le, gt, ge, html, js, urlquery, call) and calicoctl's join and joinAndTruncate.
 */
final class Builtins {
    private Builtins() {}

    /** A parameter's Go type, as far as argument checking needs it. VALUE is reflect.Value: anything, even no value. */
    enum Param {
        VALUE("reflect.Value"), ANY("interface {}"), STRING("string"), INT("int");
        final String goName;
        Param(String goName) { this.goName = goName; }
    }

    /** An error a function returns; the evaluator reports it as "error calling NAME: MESSAGE". */
    static final class FuncError extends RuntimeException {
        FuncError(String message) { super(message, null, false, false); }
    }

    @FunctionalInterface interface Body { Object call(List<Object> args); }

    /** Fixed parameters, then (when variadic) the type of every further argument. */
    record Func(List<Param> params, Param variadic, Body body) {
        int fixed() { return params.size(); }
    }

    static final Map<String, Func> ALL = Map.ofEntries(
            Map.entry("and", new Func(List.of(Param.VALUE), Param.VALUE, a -> null)),
            Map.entry("or", new Func(List.of(Param.VALUE), Param.VALUE, a -> null)),
            Map.entry("not", new Func(List.of(Param.VALUE), null, a -> !GoValues.truth(a.get(0)))),
            Map.entry("len", new Func(List.of(Param.VALUE), null, a -> length(a.get(0)))),
            Map.entry("index", new Func(List.of(Param.VALUE), Param.VALUE, Builtins::index)),
            Map.entry("slice", new Func(List.of(Param.VALUE), Param.VALUE, Builtins::slice)),
            Map.entry("print", new Func(List.of(), Param.ANY, GoFmt::sprint)),
            Map.entry("println", new Func(List.of(), Param.ANY, GoFmt::sprintln)),
            Map.entry("printf", new Func(List.of(Param.STRING), Param.ANY, a -> GoFmt.sprintf((String) a.get(0), a.subList(1, a.size())))),
            Map.entry("eq", new Func(List.of(Param.VALUE), Param.VALUE, Builtins::eq)),
            Map.entry("ne", new Func(List.of(Param.VALUE, Param.VALUE), null, a -> !(Boolean) eq(a))),
            Map.entry("lt", new Func(List.of(Param.VALUE, Param.VALUE), null, a -> lt(a.get(0), a.get(1)))),
            Map.entry("le", new Func(List.of(Param.VALUE, Param.VALUE), null, a -> lt(a.get(0), a.get(1)) || (Boolean) eq(a))),
            Map.entry("gt", new Func(List.of(Param.VALUE, Param.VALUE), null, a -> { boolean lt = lt(a.get(0), a.get(1)); return !(lt || (Boolean) eq(a)); })),
            Map.entry("ge", new Func(List.of(Param.VALUE, Param.VALUE), null, a -> !lt(a.get(0), a.get(1)))),
            Map.entry("html", new Func(List.of(), Param.ANY, a -> html(evalArgs(a)))),
            Map.entry("js", new Func(List.of(), Param.ANY, a -> js(evalArgs(a)))),
            Map.entry("urlquery", new Func(List.of(), Param.ANY, a -> URLEncoder.encode(evalArgs(a), StandardCharsets.UTF_8))),
            Map.entry("call", new Func(List.of(Param.VALUE), Param.VALUE, a -> {
                throw new FuncError(a.get(0) == null ? "call of nil" : "non-function " + GoFmt.value(a.get(0)) + " of type " + GoValues.typeName(a.get(0)));
            })),
            Map.entry("join", new Func(List.of(Param.ANY, Param.STRING), null, a -> join(a.get(0), (String) a.get(1), 0))),
            Map.entry("joinAndTruncate", new Func(List.of(Param.ANY, Param.STRING, Param.INT), null,
                    a -> join(a.get(0), (String) a.get(1), (Integer) a.get(2)))));

    // --- implementations -------------------------------------------------------------------------

    private static Object length(Object v) {
        if (v == null) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
        if (v instanceof String s) return s.getBytes(StandardCharsets.UTF_8).length;
        if (v instanceof Map<?, ?> m) return m.size();
        if (v instanceof List<?> l) return l.size();
        throw new FuncError("len of type " + GoValues.typeName(v));
    }

    private static Object index(List<Object> a) {
        Object item = a.get(0);
        if (item == null) throw new FuncError("index of untyped nil");
        for (int k = 1; k < a.size(); k++) {
            Object ix = a.get(k);
            if (item == null || item == GoValues.NIL_ENTRY) throw new FuncError("index of nil pointer");
            if (item instanceof List<?> || item instanceof String) {
                int len = item instanceof List<?> l ? l.size() : ((String) item).getBytes(StandardCharsets.UTF_8).length;
                int x = indexArg(ix, len);
                if (x == len) throw new FuncError("reflect: " + (item instanceof String ? "string" : "slice") + " index out of range");
                if (item instanceof List<?> l) {
                    Object e = l.get(x);
                    item = e == null ? GoValues.NIL_ENTRY : GoValues.fromData(e);
                } else {
                    item = (long) (((String) item).getBytes(StandardCharsets.UTF_8)[x] & 0xff);
                }
            } else if (item instanceof Map<?, ?> m) {
                String key;
                if (ix == null) key = "";
                else if (ix instanceof String s) key = s;
                else throw new FuncError("value has type " + GoValues.typeName(ix) + "; should be string");
                Object e = m.get(key);
                item = e == null ? GoValues.NIL_ENTRY : GoValues.fromData(e);
            } else {
                throw new FuncError("can't index item of type " + GoValues.typeName(item));
            }
        }
        return item == GoValues.NIL_ENTRY ? null : item;
    }

    private static int indexArg(Object ix, int cap) {
        long x;
        if (ix instanceof Integer i) x = i;
        else if (ix instanceof Long l) x = l;
        else if (ix == null) throw new FuncError("cannot index slice/array with nil");
        else throw new FuncError("cannot index slice/array with type " + GoValues.typeName(ix));
        if (x < 0 || x > cap) throw new FuncError("index out of range: " + x);
        return (int) x;
    }

    private static Object slice(List<Object> a) {
        Object item = a.get(0);
        if (item == null) throw new FuncError("slice of untyped nil");
        if (a.size() > 4) throw new FuncError("too many slice indexes: " + (a.size() - 1));
        int len;
        if (item instanceof String s) {
            if (a.size() == 4) throw new FuncError("cannot 3-index slice a string");
            len = s.length();
        } else if (item instanceof List<?> l) {
            len = l.size();
        } else {
            throw new FuncError("can't slice item of type " + GoValues.typeName(item));
        }
        int[] idx = {0, len, len};
        for (int k = 1; k < a.size(); k++) idx[k - 1] = indexArg(a.get(k), len);
        if (a.size() < 3) idx[1] = len;
        if (idx[0] > idx[1]) throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
        if (a.size() == 4 && idx[1] > idx[2]) throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
        if (item instanceof String s) return s.substring(idx[0], idx[1]);
        return new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
    }

    private enum Kind { INVALID, BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        if (v == null || v == GoValues.NIL_ENTRY) return Kind.INVALID;
        if (v instanceof Boolean) return Kind.BOOL;
        if (GoValues.isInt(v)) return Kind.INT;
        if (v instanceof Double) return Kind.FLOAT;
        if (v instanceof String) return Kind.STRING;
        return Kind.OTHER;
    }

    /** eq arg1 arg2...: true when arg1 equals any of the others (basic kinds; nil equals only nil). */
    private static Object eq(List<Object> a) {
        if (a.size() < 2) throw new FuncError("missing argument for comparison");
        Object v1 = a.get(0);
        Kind k1 = kind(v1);
        for (int k = 1; k < a.size(); k++) {
            Object v2 = a.get(k);
            Kind k2 = kind(v2);
            boolean truth;
            if (k1 != k2) {
                if (k1 != Kind.INVALID && k2 != Kind.INVALID) throw new FuncError("incompatible types for comparison");
                truth = false;
            } else {
                truth = switch (k1) {
                    case BOOL, STRING -> v1.equals(v2);
                    case INT -> ((Number) v1).longValue() == ((Number) v2).longValue();
                    case FLOAT -> ((Double) v1).doubleValue() == (Double) v2;
                    case INVALID -> true;
                    default -> throw new FuncError("non-comparable types " + GoFmt.value(v1) + ": " + GoValues.typeName(v1)
                            + ", " + GoValues.typeName(v2) + ": " + GoFmt.value(v2));
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static boolean lt(Object v1, Object v2) {
        Kind k1 = kind(v1), k2 = kind(v2);
        if (k1 == Kind.INVALID || k1 == Kind.OTHER || k2 == Kind.INVALID || k2 == Kind.OTHER) throw new FuncError("invalid type for comparison");
        if (k1 != k2) throw new FuncError("incompatible types for comparison");
        return switch (k1) {
            case INT -> ((Number) v1).longValue() < ((Number) v2).longValue();
            case FLOAT -> (Double) v1 < (Double) v2;
            case STRING -> GoValues.compareStrings((String) v1, (String) v2) < 0;
            default -> throw new FuncError("invalid type for comparison");
        };
    }

    /** The text of print-style arguments (one string argument is taken as it is). */
    private static String evalArgs(List<Object> a) {
        if (a.size() == 1 && a.get(0) instanceof String s) return s;
        List<Object> printable = new ArrayList<>();
        for (Object o : a) printable.add(o == null ? "<no value>" : o);
        return GoFmt.sprint(printable);
    }

    private static String html(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case 0 -> sb.append("\uFFFD");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String js(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            switch (r) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (r < ' ') sb.append(String.format("\\u%04X", r));
                    else if (r < 0x80 || GoFmt.isPrint(r)) sb.appendCodePoint(r);
                    else sb.append(String.format("\\u%04X", r));
                }
            }
        }
        return sb.toString();
    }

    /** calicoctl's join: items (a map becomes sorted "k=v" pairs) by their %v text, cut to maxLen with "..." when maxLen > 0. */
    static String join(Object items, String sep, int maxLen) {
        return dev.calicoctl.model.GoFormat.joinAndTruncate(items, sep, maxLen, v -> GoFmt.value(GoValues.fromData(v)));
    }
}
