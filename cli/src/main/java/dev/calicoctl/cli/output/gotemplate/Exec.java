package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Builtins.Func;
import dev.calicoctl.cli.output.gotemplate.Builtins.FuncError;
import dev.calicoctl.cli.output.gotemplate.Builtins.Param;
import dev.calicoctl.cli.output.gotemplate.Node.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executes a parsed template against JSON-shaped data as Go's text/template does with
 * missingkey=default: a missing key is "no value" (printed "<no value>"), errors stop execution and
 * read "template: NAME:LINE:COL: executing "NAME" at &lt;NODE&gt;: MESSAGE".
 */
final class Exec {
    /** Go's missingVal: "no value came down the pipeline". */
    private static final Object MISSING = new Object();
    /** Go allows 100000 nested {{template}} calls; a JVM stack holds fewer. */
    static final int MAX_DEPTH = 1000;

    private record Var(String name, Object value, boolean boxed) {}

    private static final class Break extends RuntimeException {
        Break() { super(null, null, false, false); }
    }

    private static final class Continue extends RuntimeException {
        Continue() { super(null, null, false, false); }
    }

    private final String parseName;
    private final String text;
    private final Map<String, ListNode> trees;
    private final Map<String, Func> functions;
    private final StringBuilder out;
    private String tmplName;
    private List<Var> vars = new ArrayList<>();
    private Node node;
    private int depth;
    /** Whether dot came out of a map or slice, where Go sees it through an interface {}. */
    private boolean dotBoxed;

    Exec(String parseName, String text, Map<String, ListNode> trees, Map<String, Func> functions, StringBuilder out) {
        this.parseName = parseName;
        this.text = text;
        this.trees = trees;
        this.functions = functions;
        this.out = out;
    }

    void execute(String name, Object data) {
        tmplName = name;
        Object dot = data == null ? null : GoValues.fromData(data);
        vars.add(new Var("$", dot, false));
        walk(dot, trees.get(name));
    }

    // --- errors --------------------------------------------------------------------------------------

    private RuntimeException errorf(String msg) {
        if (node == null) throw new TemplateException("template: " + tmplName + ": " + msg);
        int pos = Math.min(node.pos(), text.length());
        String before = text.substring(0, pos);
        int nl = before.lastIndexOf('\n');
        int col = nl < 0 ? pos : pos - (nl + 1);
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        throw new TemplateException("template: " + parseName + ":" + line + ":" + col + ": executing "
                + GoFmt.quote(tmplName) + " at <" + node + ">: " + msg);
    }

    private void at(Node n) { node = n; }

    // --- variables -----------------------------------------------------------------------------------

    private void push(String name, Object value, boolean boxed) { vars.add(new Var(name, value, boxed)); }

    private int mark() { return vars.size(); }

    private void pop(int mark) { while (vars.size() > mark) vars.remove(vars.size() - 1); }

    private void setVar(String name, Object value) {
        for (int k = vars.size() - 1; k >= 0; k--) {
            if (vars.get(k).name().equals(name)) { vars.set(k, new Var(name, value, false)); return; }
        }
        throw errorf("undefined variable: " + name);
    }

    private void setTopVar(int n, Object value, boolean boxed) {
        int k = vars.size() - n;
        vars.set(k, new Var(vars.get(k).name(), value, boxed));
    }

    private Var varValue(String name) {
        for (int k = vars.size() - 1; k >= 0; k--) if (vars.get(k).name().equals(name)) return vars.get(k);
        throw errorf("undefined variable: " + name);
    }

    // --- walking -------------------------------------------------------------------------------------

    private void walk(Object dot, Node n) {
        at(n);
        if (n instanceof ActionNode a) {
            Object val = evalPipeline(dot, a.pipe());
            if (a.pipe().decl().isEmpty()) printValue(a, val);
        } else if (n instanceof ListNode l) {
            for (Node c : l.nodes()) walk(dot, c);
        } else if (n instanceof TextNode t) {
            out.append(t.text());
        } else if (n instanceof BranchNode b) {
            if (b.control() == Control.RANGE) walkRange(dot, b); else walkIfOrWith(dot, b);
        } else if (n instanceof BreakNode) {
            throw new Break();
        } else if (n instanceof ContinueNode) {
            throw new Continue();
        } else if (n instanceof TemplateNode t) {
            walkTemplate(dot, t);
        } else {
            throw errorf("unknown node: " + n);
        }
    }

    private void walkIfOrWith(Object dot, BranchNode b) {
        int mark = mark();
        try {
            Object val = evalPipeline(dot, b.pipe());
            if (GoValues.truth(val)) {
                if (b.control() == Control.WITH) withDot(val, false, b.list()); else walk(dot, b.list());
            } else if (b.elseList() != null) {
                walk(dot, b.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    private void withDot(Object dot, boolean boxed, Node n) {
        boolean saved = dotBoxed;
        dotBoxed = boxed;
        try { walk(dot, n); } finally { dotBoxed = saved; }
    }

    private void walkRange(Object dot, BranchNode r) {
        at(r);
        int outer = mark();
        try {
            Object val = evalPipeline(dot, r.pipe());
            int mark = mark();
            int decls = r.pipe().decl().size();
            try {
                if (val instanceof List<?> l && !l.isEmpty()) {
                    for (int i = 0; i < l.size(); i++) {
                        Object e = l.get(i);
                        if (!iteration(r, mark, decls, i, e == null ? GoValues.NIL_ENTRY : GoValues.fromData(e), true)) break;
                    }
                    return;
                }
                if (val instanceof Map<?, ?> m && !m.isEmpty()) {
                    for (String k : GoValues.sortedKeys(m)) {
                        Object e = m.get(k);
                        if (!iteration(r, mark, decls, k, e == null ? GoValues.NIL_ENTRY : GoValues.fromData(e), true)) break;
                    }
                    return;
                }
                if (GoValues.isInt(val)) {
                    if (decls > 1) throw errorf("can't use " + GoFmt.value(val) + " to iterate over more than one variable");
                    long n = ((Number) val).longValue();
                    boolean ran = false;
                    for (long i = 0; i < n; i++) {
                        ran = true;
                        Object iv = val instanceof Integer ? (Object) (int) i : (Object) i;
                        if (!iteration(r, mark, decls, iv, iv, false)) break;
                    }
                    if (ran) return;
                } else if (val != null && !(val instanceof List) && !(val instanceof Map)) {
                    throw errorf("range can't iterate over " + GoFmt.value(val));
                }
            } catch (Break b) {
                return;
            }
            if (r.elseList() != null) walk(dot, r.elseList());
        } finally {
            pop(outer);
        }
    }

    /** One pass of a range body; false after {{break}}. */
    private boolean iteration(BranchNode r, int mark, int decls, Object index, Object elem, boolean boxed) {
        if (decls > 0) setTopVar(1, elem, boxed);
        if (decls > 1) setTopVar(2, index, false);
        try {
            withDot(elem, boxed, r.list());
        } catch (Continue c) {
            // next element
        } catch (Break b) {
            return false;
        } finally {
            pop(mark);
        }
        return true;
    }

    private void walkTemplate(Object dot, TemplateNode t) {
        at(t);
        ListNode tree = trees.get(t.name());
        if (tree == null) throw errorf("template " + GoFmt.quote(t.name()) + " not defined");
        if (depth == MAX_DEPTH) throw errorf("exceeded maximum template depth (" + MAX_DEPTH + ")");
        Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
        List<Var> savedVars = vars;
        String savedName = tmplName;
        vars = new ArrayList<>(List.of(new Var("$", newDot, false)));
        tmplName = t.name();
        depth++;
        try {
            withDot(newDot, false, tree);
        } finally {
            depth--;
            vars = savedVars;
            tmplName = savedName;
        }
    }

    // --- evaluation ----------------------------------------------------------------------------------

    private Object evalPipeline(Object dot, PipeNode pipe) {
        if (pipe == null) return null;
        at(pipe);
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
            if (value == GoValues.NIL_ENTRY) value = null; // an interface holding nil is no value
        }
        for (VariableNode v : pipe.decl()) {
            if (pipe.isAssign()) setVar(v.ident().get(0), value); else push(v.ident().get(0), value, false);
        }
        return value;
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != MISSING) throw errorf("can't give argument to non-function " + args.get(0));
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().get(0);
        if (first instanceof FieldNode f) return evalFieldNode(dot, f, cmd.args(), fin);
        if (first instanceof ChainNode c) return evalChainNode(dot, c, cmd.args(), fin);
        if (first instanceof IdentifierNode id) return evalFunction(dot, id, cmd, cmd.args(), fin);
        if (first instanceof PipeNode p) {
            notAFunction(cmd.args(), fin);
            return evalPipeline(dot, p);
        }
        if (first instanceof VariableNode v) return evalVariableNode(dot, v, cmd.args(), fin);
        at(first);
        notAFunction(cmd.args(), fin);
        if (first instanceof BoolNode b) return b.value();
        if (first instanceof DotNode) return dot;
        if (first instanceof NilNode) throw errorf("nil is not a command");
        if (first instanceof NumberNode n) return idealConstant(n);
        if (first instanceof StringNode s) return s.text();
        throw errorf("can't evaluate command " + GoFmt.quote(first.toString()));
    }

    private Object idealConstant(NumberNode c) {
        at(c);
        String t = c.text();
        boolean hexInt = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X') && !t.contains("p") && !t.contains("P");
        if (c.isFloat() && !hexInt && !c.isChar() && t.chars().anyMatch(ch -> ".eEpP".indexOf(ch) >= 0)) return c.floatValue();
        if (c.isInt()) {
            long v = c.intValue();
            return v == (int) v ? (Object) (int) v : (Object) v;
        }
        throw errorf(t + " overflows int");
    }

    private Object evalFieldNode(Object dot, FieldNode f, List<Node> args, Object fin) {
        at(f);
        return evalFieldChain(dot, dot, dotBoxed, f, f.ident(), args, fin);
    }

    private Object evalChainNode(Object dot, ChainNode c, List<Node> args, Object fin) {
        at(c);
        if (c.node() instanceof NilNode) throw errorf("indirection through explicit nil in " + c);
        Object pipe = evalArg(dot, Param.ANY, c.node());
        return evalFieldChain(dot, pipe, false, c, c.field(), args, fin);
    }

    private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
        at(v);
        Var var = varValue(v.ident().get(0));
        if (v.ident().size() == 1) {
            notAFunction(args, fin);
            return var.value();
        }
        return evalFieldChain(dot, var.value(), var.boxed(), v, v.ident().subList(1, v.ident().size()), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, boolean boxed, Node n, List<String> ident, List<Node> args, Object fin) {
        int last = ident.size() - 1;
        for (int k = 0; k < last; k++) {
            receiver = evalField(ident.get(k), List.of(), MISSING, receiver, boxed);
            boxed = true;
        }
        return evalField(ident.get(last), args, fin, receiver, boxed);
    }

    private Object evalField(String name, List<Node> args, Object fin, Object receiver, boolean boxed) {
        if (receiver == null) return null;
        String typ = boxed ? "interface {}" : GoValues.typeName(receiver);
        if (receiver == GoValues.NIL_ENTRY) throw errorf("nil pointer evaluating interface {}." + name);
        boolean hasArgs = args.size() > 1 || fin != MISSING;
        if (receiver instanceof Map<?, ?> m) {
            if (hasArgs) throw errorf(name + " is not a method but has arguments");
            if (!m.containsKey(name)) return null;
            Object v = m.get(name);
            return v == null ? GoValues.NIL_ENTRY : GoValues.fromData(v);
        }
        throw errorf("can't evaluate field " + name + " in type " + typ);
    }

    private Object evalFunction(Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
        at(id);
        Func f = functions.get(id.ident());
        if (f == null) throw errorf(GoFmt.quote(id.ident()) + " is not a defined function");
        return evalCall(dot, f, cmd, id.ident(), args, fin);
    }

    private Object evalCall(Object dot, Func f, Node n, String name, List<Node> args, Object fin) {
        List<Node> callArgs = args == null ? List.of() : args.subList(1, args.size());
        int numIn = callArgs.size() + (fin != MISSING ? 1 : 0);
        int numFixed = callArgs.size();
        if (f.variadic() != null) {
            numFixed = f.fixed();
            if (numIn < numFixed) throw errorf("wrong number of args for " + name + ": want at least " + f.fixed() + " got " + callArgs.size());
        } else if (numIn != f.fixed()) {
            throw errorf("wrong number of args for " + name + ": want " + f.fixed() + " got " + numIn);
        }
        if (name.equals("and") || name.equals("or")) {
            Object v = null;
            for (Node a : callArgs) {
                v = evalArg(dot, Param.VALUE, a);
                if (GoValues.truth(v) == name.equals("or")) return v;
            }
            if (fin != MISSING) v = validateType(fin, Param.VALUE);
            return v;
        }
        List<Object> argv = new ArrayList<>(numIn);
        int k = 0;
        for (; k < numFixed && k < callArgs.size(); k++) argv.add(evalArg(dot, f.params().get(k), callArgs.get(k)));
        if (f.variadic() != null) for (; k < callArgs.size(); k++) argv.add(evalArg(dot, f.variadic(), callArgs.get(k)));
        if (fin != MISSING) {
            Param t = f.variadic() == null ? f.params().get(f.fixed() - 1)
                    : numIn - 1 < numFixed ? f.params().get(numIn - 1) : f.variadic();
            argv.add(validateType(fin, t));
        }
        try {
            return f.body().call(argv);
        } catch (FuncError e) {
            at(n);
            throw errorf("error calling " + name + ": " + e.getMessage());
        }
    }

    private Object validateType(Object value, Param typ) {
        if (value == GoValues.NIL_ENTRY) value = null;
        if (value == null) {
            if (typ == Param.ANY || typ == Param.VALUE) return null;
            throw errorf("invalid value; expected " + typ.goName);
        }
        if (typ == Param.STRING && !(value instanceof String)) {
            throw errorf("wrong type for value; expected string; got " + GoValues.typeName(value));
        }
        if (typ == Param.INT && !(value instanceof Integer)) {
            throw errorf("wrong type for value; expected int; got " + GoValues.typeName(value));
        }
        return value;
    }

    private Object evalArg(Object dot, Param typ, Node n) {
        at(n);
        if (n instanceof DotNode) return validateType(dot, typ);
        if (n instanceof NilNode) {
            if (typ == Param.ANY || typ == Param.VALUE) return null;
            throw errorf("cannot assign nil to " + typ.goName);
        }
        if (n instanceof FieldNode f) return validateType(evalFieldNode(dot, f, List.of(n), MISSING), typ);
        if (n instanceof VariableNode v) return validateType(evalVariableNode(dot, v, List.of(), MISSING), typ);
        if (n instanceof PipeNode p) return validateType(evalPipeline(dot, p), typ);
        if (n instanceof IdentifierNode id) return validateType(evalFunction(dot, id, id, null, MISSING), typ);
        if (n instanceof ChainNode c) return validateType(evalChainNode(dot, c, List.of(), MISSING), typ);
        switch (typ) {
            case STRING -> {
                if (n instanceof StringNode s) return s.text();
                throw errorf("expected string; found " + n);
            }
            case INT -> {
                if (n instanceof NumberNode num && num.isInt()) return (int) num.intValue();
                throw errorf("expected integer; found " + n);
            }
            default -> {
                at(n);
                if (n instanceof BoolNode b) return b.value();
                if (n instanceof NumberNode num) return idealConstant(num);
                if (n instanceof StringNode s) return s.text();
                throw errorf("can't handle assignment of " + n + " to empty interface argument");
            }
        }
    }

    private void printValue(Node n, Object v) {
        at(n);
        out.append(v == null ? "<no value>" : GoFmt.value(v));
    }
}
