package dev.calicoctl.cli.output.jsonpath;

import dev.calicoctl.cli.output.gotemplate.GoText;
import dev.calicoctl.cli.output.jsonpath.JpNode.*;
import dev.calicoctl.model.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A kubectl-style jsonpath template (-o jsonpath=…) over JSON-shaped data. Missing keys give no
 * output (kubectl's default --allow-missing-template-keys=true); the results of one action are
 * joined by spaces, maps and lists print as compact JSON, scalars as Go prints them.
 */
public final class JsonPath {
    private final String template;
    private final List<JpNode> root;

    private JsonPath(String template, List<JpNode> root) {
        this.template = template;
        this.root = root;
    }

    /** Parses a template; errors read "error parsing jsonpath TEMPLATE, MESSAGE at column N". */
    public static JsonPath parse(String template) {
        try {
            return new JsonPath(template, JsonPathParser.parse(template));
        } catch (JsonPathParser.SyntaxError e) {
            throw new JsonPathException("error parsing jsonpath " + template + ", " + e.getMessage() + " at column " + (e.pos + 1));
        } catch (StackOverflowError e) {
            throw new JsonPathException("error parsing jsonpath " + template + ", nested too deeply");
        }
    }

    /** Renders against {@code data}; errors read "error executing jsonpath "TEMPLATE": MESSAGE at column N". */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        try {
            run(root, data, out, 0);
        } catch (EvalError e) {
            throw new JsonPathException("error executing jsonpath " + Json.quote(template)
                    + ": " + e.getMessage() + " at column " + (e.pos + 1));
        } catch (StackOverflowError e) {
            throw new JsonPathException("error executing jsonpath " + Json.quote(template) + ": ranges nested too deeply");
        }
        return out.toString();
    }


    /** An execution failure at a node. */
    private static final class EvalError extends RuntimeException {
        final int pos;
        EvalError(String message, int pos) { super(message, null, false, false); this.pos = pos; }
    }

    // --- the top level: actions, text, range … end blocks --------------------------------------------

    /** Deeper {range} nesting than any real template uses is refused before the JVM stack runs out. */
    static final int MAX_RANGE_DEPTH = 1000;

    private void run(List<JpNode> nodes, Object data, StringBuilder out, int depth) {
        for (int i = 0; i < nodes.size(); i++) {
            JpNode n = nodes.get(i);
            if (n instanceof ListNode l && startsWith(l, "range")) {
                if (depth >= MAX_RANGE_DEPTH) throw new EvalError("ranges nested too deeply", l.pos());
                int end = matchingEnd(nodes, i);
                List<Object> values = evalList(List.of(wrap(data)), new ListNode(l.pos(), l.nodes().subList(1, l.nodes().size())));
                List<JpNode> body = nodes.subList(i + 1, end < 0 ? nodes.size() : end);
                for (Object v : values) run(body, unwrap(v), out, depth + 1);
                if (end < 0) return;
                i = end;
                continue;
            }
            if (n instanceof ListNode l && startsWith(l, "end")) throw new EvalError("not in range, nothing to end", l.pos());
            print(walk(List.of(wrap(data)), n), out);
        }
    }

    private static boolean startsWith(ListNode l, String ident) {
        return !l.nodes().isEmpty() && l.nodes().get(0) instanceof IdentifierNode id && id.name().equals(ident);
    }

    /** The index of the {end} closing the {range} at {@code i}, or -1 when the template ends first. */
    private static int matchingEnd(List<JpNode> nodes, int i) {
        int depth = 0;
        for (int k = i + 1; k < nodes.size(); k++) {
            if (nodes.get(k) instanceof ListNode l) {
                if (startsWith(l, "range")) depth++;
                else if (startsWith(l, "end")) {
                    if (depth == 0) return k;
                    depth--;
                }
            }
        }
        return -1;
    }

    /** One action's results, space-separated; maps and lists as compact JSON with sorted keys. */
    private static void print(List<Object> results, StringBuilder out) {
        for (int i = 0; i < results.size(); i++) {
            Object r = unwrap(results.get(i));
            if (r instanceof Map || r instanceof List) out.append(Json.write(sortedKeys(r)));
            else if (r == null) out.append("<nil>");
            else out.append(GoText.of(r));
            if (i != results.size() - 1) out.append(' ');
        }
    }

    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> s = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) s.put(String.valueOf(e.getKey()), sortedKeys(e.getValue()));
            return s;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) c.add(sortedKeys(o));
            return c;
        }
        return v;
    }

    // JSON null is a value (it prints as <nil>) but Java lists of results cannot tell it from "absent",
    // so it travels as NULL.
    private static final Object NULL = new Object();

    private static Object wrap(Object v) { return v == null ? NULL : v; }

    private static Object unwrap(Object v) { return v == NULL ? null : v; }

    // --- walking -------------------------------------------------------------------------------------

    private List<Object> walk(List<Object> input, JpNode n) {
        if (n instanceof ListNode l) return evalList(input, l);
        if (n instanceof TextNode t) return List.of(t.text());
        if (n instanceof FieldNode f) return evalField(input, f);
        if (n instanceof ArrayNode a) return evalArray(input, a);
        if (n instanceof FilterNode f) return evalFilter(input, f);
        if (n instanceof IntNode i) return repeat(input, (long) i.value());
        if (n instanceof FloatNode f) return repeat(input, f.value());
        if (n instanceof BoolNode b) return repeat(input, b.value());
        if (n instanceof WildcardNode) return evalWildcard(input);
        if (n instanceof RecursiveNode) return evalRecursive(input);
        if (n instanceof UnionNode u) return evalUnion(input, u);
        if (n instanceof IdentifierNode id) {
            if (id.name().equals("range")) return input;
            if (id.name().equals("end")) throw new EvalError("not in range, nothing to end", id.pos());
            throw new EvalError("unrecognized identifier " + id.name(), id.pos());
        }
        throw new EvalError("unexpected Node " + n, n.pos());
    }

    private static List<Object> repeat(List<Object> input, Object v) {
        List<Object> r = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) r.add(v);
        return r;
    }

    private List<Object> evalList(List<Object> input, ListNode l) {
        List<Object> cur = input;
        for (JpNode n : l.nodes()) cur = walk(cur, n);
        return cur;
    }

    private static List<Object> evalField(List<Object> input, FieldNode f) {
        List<Object> results = new ArrayList<>();
        for (Object v : input) {
            if (v == NULL) continue;
            if (f.name().isEmpty()) { results.add(v); continue; } // "{.}" is the object itself
            if (v instanceof Map<?, ?> m && m.containsKey(f.name())) results.add(wrap(m.get(f.name())));
        }
        return results; // a missing key is no result, as kubectl with missing keys allowed
    }

    private static List<Object> evalArray(List<Object> input, ArrayNode a) {
        List<Object> result = new ArrayList<>();
        for (Object v : input) {
            if (v == NULL) continue;
            if (!(v instanceof List<?> list)) throw new EvalError(GoText.typeName(v) + " is not array or slice", a.pos());
            int len = list.size();
            int start = a.start().known() ? a.start().value() : 0;
            if (start < 0) start += len;
            int end = a.end().known() ? a.end().value() : len;
            if (end < 0 || (end == 0 && a.end().derived())) end += len;
            if (end == start) return result;
            if (start >= len || start < 0) throw new EvalError("array index out of bounds: index " + start + ", length " + len, a.pos());
            if (end > len || end < 0) throw new EvalError("array index out of bounds: index " + (end - 1) + ", length " + len, a.pos());
            if (start > end) throw new EvalError("starting index " + start + " is greater than ending index " + end, a.pos());
            int step = 1;
            if (a.step().known()) {
                if (a.step().value() <= 0) throw new EvalError("step must be > 0", a.pos());
                step = a.step().value();
            }
            for (int i = start; i < end; i += step) result.add(wrap(list.get(i)));
        }
        return result;
    }

    private List<Object> evalUnion(List<Object> input, UnionNode u) {
        List<Object> result = new ArrayList<>();
        for (ListNode l : u.nodes()) result.addAll(evalList(input, l));
        return result;
    }

    /** Every member: map values in key order, list elements, a string's bytes. */
    private static List<Object> children(Object v) {
        List<Object> r = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : new TreeMap<>(castMap(m)).entrySet()) r.add(wrap(e.getValue()));
        } else if (v instanceof List<?> l) {
            for (Object o : l) r.add(wrap(o));
        } else if (v instanceof String s) {
            for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) r.add((long) (b & 0xff));
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) { return (Map<String, Object>) m; }

    private static List<Object> evalWildcard(List<Object> input) {
        List<Object> r = new ArrayList<>();
        for (Object v : input) if (v != NULL) r.addAll(children(v));
        return r;
    }

    private static List<Object> evalRecursive(List<Object> input) {
        List<Object> result = new ArrayList<>();
        for (Object v : input) {
            if (v == NULL) continue;
            List<Object> kids = children(v);
            if (!kids.isEmpty()) {
                result.add(v);
                result.addAll(evalRecursive(kids));
            }
        }
        return result;
    }

    private List<Object> evalFilter(List<Object> input, FilterNode f) {
        List<Object> results = new ArrayList<>();
        for (Object v : input) {
            if (!(v instanceof List<?> list)) {
                throw new EvalError(GoText.of(unwrap(v)) + " is not array or slice and cannot be filtered", f.pos());
            }
            for (Object e : list) {
                List<Object> temp = List.of(wrap(e));
                List<Object> lefts = evalList(temp, f.left());
                if (f.operator().equals("exists")) {
                    if (!lefts.isEmpty()) results.add(wrap(e));
                    continue;
                }
                if (lefts.isEmpty()) continue;
                if (lefts.size() > 1) throw new EvalError("can only compare one element at a time", f.pos());
                List<Object> rights = evalList(temp, f.right());
                if (rights.isEmpty()) continue;
                if (rights.size() > 1) throw new EvalError("can only compare one element at a time", f.pos());
                if (Compare.test(f.operator(), unwrap(lefts.get(0)), unwrap(rights.get(0)), f.pos())) results.add(wrap(e));
            }
        }
        return results;
    }

    /** Filter comparisons, with the Go template comparison rules kubectl's jsonpath uses. */
    private static final class Compare {
        private Compare() {}

        static boolean test(String op, Object left, Object right, int pos) {
            try {
                return switch (op) {
                    case "==" -> eq(left, right);
                    case "!=" -> !eq(left, right);
                    case "<" -> lt(left, right);
                    case ">" -> !lt(left, right) && !eq(left, right);
                    case "<=" -> lt(left, right) || eq(left, right);
                    case ">=" -> !lt(left, right);
                    case "=~" -> {
                        if (!(left instanceof String l) || !(right instanceof String r)) {
                            throw new EvalError("regexp search only support string now but getting pattern: " + GoText.of(right)
                                    + ", data: " + GoText.of(left), pos);
                        }
                        yield Pattern.compile(r).matcher(l).find();
                    }
                    default -> throw new EvalError("unrecognized filter operator " + op, pos);
                };
            } catch (IllegalArgumentException e) {
                String msg = e instanceof PatternSyntaxException p ? "error parsing regexp: " + p.getDescription() : e.getMessage();
                throw new EvalError(msg, pos);
            }
        }

        private static int kind(Object v) {
            if (v instanceof Boolean) return 1;
            if (v instanceof Integer || v instanceof Long) return 2;
            if (v instanceof Double || v instanceof Float) return 3;
            if (v instanceof String) return 4;
            throw new IllegalArgumentException("invalid type for comparison");
        }

        static boolean eq(Object a, Object b) {
            int ka = kind(a), kb = kind(b);
            if (ka != kb) throw new IllegalArgumentException("incompatible types for comparison");
            return switch (ka) {
                case 2 -> ((Number) a).longValue() == ((Number) b).longValue();
                case 3 -> ((Number) a).doubleValue() == ((Number) b).doubleValue();
                default -> a.equals(b);
            };
        }

        static boolean lt(Object a, Object b) {
            int ka = kind(a), kb = kind(b);
            if (ka != kb) throw new IllegalArgumentException("incompatible types for comparison");
            return switch (ka) {
                case 1 -> throw new IllegalArgumentException("invalid type for comparison");
                case 2 -> ((Number) a).longValue() < ((Number) b).longValue();
                case 3 -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
                default -> ((String) a).compareTo((String) b) < 0;
            };
        }
    }
}
