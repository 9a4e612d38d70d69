package dev.calicoctl.cli.output.gotemplate;

import java.util.ArrayList;
import java.util.List;

/** The parse tree, node for node as Go's text/template/parse builds it; toString() is Go's String(). */
sealed interface Node {
    /** Character offset in the template, for "name:line:col" in errors. */
    int pos();

    record ListNode(int pos, List<Node> nodes) implements Node {
        ListNode(int pos) { this(pos, new ArrayList<>()); }
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Node n : nodes) sb.append(n);
            return sb.toString();
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override public String toString() { return text; }
    }

    record ActionNode(int pos, int line, PipeNode pipe) implements Node {
        @Override public String toString() { return "{{" + pipe + "}}"; }
    }

    record PipeNode(int pos, int line, boolean isAssign, List<VariableNode> decl, List<CommandNode> cmds) implements Node {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!decl.isEmpty()) {
                for (int i = 0; i < decl.size(); i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(decl.get(i));
                }
                sb.append(isAssign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) sb.append(" | ");
                sb.append(cmds.get(i));
            }
            return sb.toString();
        }
    }

    record CommandNode(int pos, List<Node> args) implements Node {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) sb.append(' ');
                Node a = args.get(i);
                if (a instanceof PipeNode) sb.append('(').append(a).append(')'); else sb.append(a);
            }
            return sb.toString();
        }
    }

    record IdentifierNode(int pos, String ident) implements Node {
        @Override public String toString() { return ident; }
    }

    /** $x or $x.Field.Chain: ident[0] is the variable name. */
    record VariableNode(int pos, List<String> ident) implements Node {
        @Override public String toString() { return String.join(".", ident); }
    }

    record DotNode(int pos) implements Node {
        @Override public String toString() { return "."; }
    }

    record NilNode(int pos) implements Node {
        @Override public String toString() { return "nil"; }
    }

    /** .Field.Chain, idents without their dots. */
    record FieldNode(int pos, List<String> ident) implements Node {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String s : ident) sb.append('.').append(s);
            return sb.toString();
        }
    }

    /** (pipeline).Field or a literal followed by fields (an execution-time error). */
    record ChainNode(int pos, Node node, List<String> field) implements Node {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            if (node instanceof PipeNode) sb.append('(').append(node).append(')'); else sb.append(node);
            for (String f : field) sb.append('.').append(f);
            return sb.toString();
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override public String toString() { return value ? "true" : "false"; }
    }

    /** A numeric constant: which Go kinds it fits (int, float) and its value in each. */
    record NumberNode(int pos, String text, boolean isInt, long intValue, boolean isFloat, double floatValue,
                      boolean isChar) implements Node {
        @Override public String toString() { return text; }
    }

    record StringNode(int pos, String quoted, String text) implements Node {
        @Override public String toString() { return quoted; }
    }

    record EndNode(int pos) implements Node {
        @Override public String toString() { return "{{end}}"; }
    }

    record ElseNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{else}}"; }
    }

    record BreakNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{break}}"; }
    }

    record ContinueNode(int pos, int line) implements Node {
        @Override public String toString() { return "{{continue}}"; }
    }

    enum Control { IF, RANGE, WITH }

    /** {{if}}, {{range}} and {{with}} share one shape. */
    record BranchNode(Control control, int pos, int line, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        @Override public String toString() {
            String name = control.name().toLowerCase();
            String s = "{{" + name + " " + pipe + "}}" + list;
            if (elseList != null) s += "{{else}}" + elseList;
            return s + "{{end}}";
        }
    }

    record TemplateNode(int pos, int line, String name, PipeNode pipe) implements Node {
        @Override public String toString() {
            return "{{template " + GoFmt.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }
}
