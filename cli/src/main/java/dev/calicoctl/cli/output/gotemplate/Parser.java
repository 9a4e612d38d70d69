package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Item.Type;
import dev.calicoctl.cli.output.gotemplate.Node.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the parse tree from the lexer's items, following Go's text/template/parse grammar: actions,
 * pipelines with declarations, if/else if/else, range (with else, break, continue), with/else with,
 * define/template/block, parenthesised pipelines and field chains. Errors read "template: NAME:LINE: ...".
 */
final class Parser {
    private final String name;
    private final List<Item> items;
    private final Set<String> functions;
    private final Map<String, ListNode> trees = new LinkedHashMap<>();
    private int i;
    private int lastLine = 1;
    private int actionLine;
    private int rangeDepth;
    /** Go limits nested parenthesised expressions to 10000. */
    static final int MAX_PAREN_DEPTH = 10000;
    private int parenDepth;
    /** Go's limit on the commands of one pipeline. */
    static final int MAX_PIPELINE_CMDS = 100000;
    private List<String> vars = new ArrayList<>(List.of("$"));

    private Parser(String name, String text, Set<String> functions) {
        this.name = name;
        this.items = Lexer.lex(text);
        this.functions = functions;
    }

    /** The named trees: the main template under {@code name}, then every {{define}} and {{block}}. */
    static Map<String, ListNode> parse(String name, String text, Set<String> functions) {
        Parser p = new Parser(name, text, functions);
        ListNode root = p.parseRoot();
        Map<String, ListNode> all = new LinkedHashMap<>();
        all.put(name, root);
        for (Map.Entry<String, ListNode> e : p.trees.entrySet()) {
            boolean same = e.getKey().equals(name);
            if (same && !isEmptyTree(root) && !isEmptyTree(e.getValue())) {
                throw new TemplateException("template: " + name + ":" + p.lastLine + ": template: multiple definition of template " + GoFmt.quote(name));
            }
            if (!same || isEmptyTree(root)) all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    // --- token stream ----------------------------------------------------------------------------

    private Item next() {
        Item it = items.get(Math.min(i, items.size() - 1));
        i++;
        lastLine = it.line();
        return it;
    }

    private void backup() { i--; }

    private Item peek() { return items.get(Math.min(i, items.size() - 1)); }

    private Item nextNonSpace() {
        Item t;
        do { t = next(); } while (t.type() == Type.SPACE);
        return t;
    }

    private Item peekNonSpace() {
        Item t = nextNonSpace();
        backup();
        return t;
    }

    private Item expect(Type expected, String context) {
        Item t = nextNonSpace();
        if (t.type() != expected) unexpected(t, context);
        return t;
    }

    private RuntimeException errorf(String msg) {
        throw new TemplateException("template: " + name + ":" + lastLine + ": " + msg);
    }

    private void unexpected(Item t, String context) {
        if (t.type() == Type.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != t.line()) {
                extra = " in action started at " + name + ":" + actionLine;
                if (t.val().endsWith(" action")) extra = extra.substring(" in action".length());
            }
            errorf(t + extra);
        }
        errorf("unexpected " + t + " in " + context);
    }

    // --- grammar ---------------------------------------------------------------------------------

    private ListNode parseRoot() {
        ListNode root = new ListNode(peek().pos());
        while (peek().type() != Type.EOF) {
            if (peek().type() == Type.LEFT_DELIM) {
                int delimAt = i;
                next();
                if (nextNonSpace().type() == Type.DEFINE) {
                    parseDefinition();
                    continue;
                }
                i = delimAt;
            }
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) errorf("unexpected " + n);
            root.nodes().add(n);
        }
        return root;
    }

    private void parseDefinition() {
        String context = "define clause";
        Item nameItem = nextNonSpace();
        if (nameItem.type() != Type.STRING && nameItem.type() != Type.RAW_STRING) unexpected(nameItem, context);
        String defName = GoStrings.unquote(nameItem.val(), this::errorf);
        expect(Type.RIGHT_DELIM, context);
        List<String> saved = vars;
        vars = new ArrayList<>(List.of("$"));
        Object[] r = itemList();
        vars = saved;
        if (!(r[1] instanceof EndNode)) errorf("unexpected " + r[1] + " in " + context);
        addTree(defName, (ListNode) r[0]);
    }

    private void addTree(String treeName, ListNode root) {
        ListNode old = trees.get(treeName);
        if (old == null || isEmptyTree(old)) {
            trees.put(treeName, root);
            return;
        }
        if (!isEmptyTree(root)) errorf("template: multiple definition of template " + GoFmt.quote(treeName));
    }

    /** Go's IsEmptyTree: nothing but white space (comments are not kept). */
    private static boolean isEmptyTree(ListNode list) {
        for (Node n : list.nodes()) {
            if (!(n instanceof TextNode t) || !t.text().isBlank()) return false;
        }
        return true;
    }

    /** Items up to an {{end}} or {{else}}: {list, terminating node}. */
    private Object[] itemList() {
        ListNode list = new ListNode(peekNonSpace().pos());
        while (peekNonSpace().type() != Type.EOF) {
            Node n = textOrAction();
            if (n instanceof EndNode || n instanceof ElseNode) return new Object[] {list, n};
            list.nodes().add(n);
        }
        throw errorf("unexpected EOF");
    }

    private Node textOrAction() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case TEXT: return new TextNode(t.pos(), t.val());
            case LEFT_DELIM:
                actionLine = t.line();
                try { return action(); } finally { actionLine = 0; }
            default:
                unexpected(t, "input");
                return null;
        }
    }

    private Node action() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case BLOCK: return blockControl();
            case BREAK: return breakOrContinue(t, true);
            case CONTINUE: return breakOrContinue(t, false);
            case ELSE: return elseControl();
            case END: return new EndNode(expect(Type.RIGHT_DELIM, "end").pos());
            case IF: return branch(Control.IF);
            case RANGE: return branch(Control.RANGE);
            case TEMPLATE: return templateControl();
            case WITH: return branch(Control.WITH);
            default:
        }
        backup();
        Item first = peek();
        return new ActionNode(first.pos(), first.line(), pipeline("command", Type.RIGHT_DELIM));
    }

    private Node breakOrContinue(Item t, boolean isBreak) {
        String word = isBreak ? "{{break}}" : "{{continue}}";
        Item n = nextNonSpace();
        if (n.type() != Type.RIGHT_DELIM) unexpected(n, word);
        if (rangeDepth == 0) errorf(word + " outside {{range}}");
        return isBreak ? new BreakNode(t.pos(), t.line()) : new ContinueNode(t.pos(), t.line());
    }

    private Node elseControl() {
        Item p = peekNonSpace();
        if (p.type() == Type.IF || p.type() == Type.WITH) return new ElseNode(p.pos(), p.line());
        Item t = expect(Type.RIGHT_DELIM, "else");
        return new ElseNode(t.pos(), t.line());
    }

    private BranchNode branch(Control control) {
        String context = control.name().toLowerCase();
        int mark = vars.size();
        try {
            PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
            if (control == Control.RANGE) rangeDepth++;
            Object[] r = itemList();
            if (control == Control.RANGE) rangeDepth--;
            ListNode list = (ListNode) r[0];
            ListNode elseList = null;
            if (r[1] instanceof ElseNode e) {
                if (control == Control.IF && peek().type() == Type.IF) {
                    next();
                    elseList = new ListNode(e.pos());
                    elseList.nodes().add(branch(Control.IF));
                } else if (control == Control.WITH && peek().type() == Type.WITH) {
                    next();
                    elseList = new ListNode(e.pos());
                    elseList.nodes().add(branch(Control.WITH));
                } else {
                    Object[] r2 = itemList();
                    elseList = (ListNode) r2[0];
                    if (!(r2[1] instanceof EndNode)) errorf("expected end; found " + r2[1]);
                }
            }
            return new BranchNode(control, pipe.pos(), pipe.line(), pipe, list, elseList);
        } finally {
            vars = new ArrayList<>(vars.subList(0, mark));
        }
    }

    private String templateName(Item t, String context) {
        if (t.type() != Type.STRING && t.type() != Type.RAW_STRING) unexpected(t, context);
        return GoStrings.unquote(t.val(), this::errorf);
    }

    private Node templateControl() {
        String context = "template clause";
        Item t = nextNonSpace();
        String tname = templateName(t, context);
        PipeNode pipe = null;
        if (nextNonSpace().type() != Type.RIGHT_DELIM) {
            backup();
            pipe = pipeline(context, Type.RIGHT_DELIM);
        }
        return new TemplateNode(t.pos(), t.line(), tname, pipe);
    }

    private Node blockControl() {
        String context = "block clause";
        Item t = nextNonSpace();
        String tname = templateName(t, context);
        PipeNode pipe = pipeline(context, Type.RIGHT_DELIM);
        List<String> savedVars = vars;
        int savedDepth = rangeDepth;
        vars = new ArrayList<>(List.of("$"));
        rangeDepth = 0;
        Object[] r = itemList();
        vars = savedVars;
        rangeDepth = savedDepth;
        if (!(r[1] instanceof EndNode)) errorf("unexpected " + r[1] + " in " + context);
        addTree(tname, (ListNode) r[0]);
        return new TemplateNode(t.pos(), t.line(), tname, pipe);
    }

    private PipeNode pipeline(String context, Type end) {
        Item first = peekNonSpace();
        List<VariableNode> decl = new ArrayList<>();
        List<CommandNode> cmds = new ArrayList<>();
        boolean isAssign = false;
        while (peekNonSpace().type() == Type.VARIABLE) {
            Item v = nextNonSpace();
            int afterVar = i;
            Item tokenAfterVariable = peek();
            Item nxt = peekNonSpace();
            if (nxt.type() == Type.ASSIGN || nxt.type() == Type.DECLARE) {
                isAssign = nxt.type() == Type.ASSIGN;
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.val())));
                vars.add(v.val());
                break;
            } else if (nxt.type() == Type.CHAR && nxt.val().equals(",")) {
                nextNonSpace();
                decl.add(new VariableNode(v.pos(), List.of(v.val())));
                vars.add(v.val());
                if (context.equals("range") && decl.size() < 2) {
                    Type pt = peekNonSpace().type();
                    if (pt == Type.VARIABLE || pt == Type.RIGHT_DELIM || pt == Type.RIGHT_PAREN) continue;
                    errorf("range can only initialize variables");
                }
                errorf("too many declarations in " + context);
            } else {
                i = afterVar - 1; // not a declaration: the variable is an operand
                break;
            }
        }
        PipeNode pipe = new PipeNode(first.pos(), first.line(), isAssign, decl, cmds);
        while (true) {
            Item t = nextNonSpace();
            if (t.type() == end) {
                checkPipeline(pipe, context);
                return pipe;
            }
            switch (t.type()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                    if (cmds.size() > MAX_PIPELINE_CMDS) errorf("pipeline too long");
                }
                default -> unexpected(t, context);
            }
        }
    }

    private void checkPipeline(PipeNode pipe, String context) {
        if (pipe.cmds().isEmpty()) errorf("missing value for " + context);
        for (int k = 1; k < pipe.cmds().size(); k++) {
            Node a = pipe.cmds().get(k).args().get(0);
            if (a instanceof BoolNode || a instanceof DotNode || a instanceof NilNode || a instanceof NumberNode || a instanceof StringNode) {
                errorf("non executable command in pipeline stage " + (k + 1));
            }
        }
    }

    private CommandNode command() {
        CommandNode cmd = new CommandNode(peekNonSpace().pos(), new ArrayList<>());
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) cmd.args().add(operand);
            Item t = next();
            if (t.type() == Type.SPACE) continue;
            if (t.type() == Type.RIGHT_DELIM || t.type() == Type.RIGHT_PAREN) backup();
            else if (t.type() != Type.PIPE) unexpected(t, "operand");
            break;
        }
        if (cmd.args().isEmpty()) errorf("empty command");
        return cmd;
    }

    private Node operand() {
        Node node = term();
        if (node == null) return null;
        if (peek().type() == Type.FIELD) {
            int chainPos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().type() == Type.FIELD) fields.add(next().val().substring(1));
            if (node instanceof FieldNode f) {
                List<String> all = new ArrayList<>(f.ident());
                all.addAll(fields);
                return new FieldNode(chainPos, all);
            }
            if (node instanceof VariableNode v) {
                List<String> all = new ArrayList<>(v.ident());
                all.addAll(fields);
                return new VariableNode(chainPos, all);
            }
            if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode
                    || node instanceof NilNode || node instanceof DotNode) {
                errorf("unexpected . after term " + GoFmt.quote(node.toString()));
            }
            return new ChainNode(chainPos, node, fields);
        }
        return node;
    }

    private Node term() {
        Item t = nextNonSpace();
        switch (t.type()) {
            case IDENTIFIER:
                if (!functions.contains(t.val())) errorf("function " + GoFmt.quote(t.val()) + " not defined");
                return new IdentifierNode(t.pos(), t.val());
            case DOT: return new DotNode(t.pos());
            case NIL: return new NilNode(t.pos());
            case VARIABLE:
                if (!vars.contains(t.val())) errorf("undefined variable " + GoFmt.quote(t.val()));
                return new VariableNode(t.pos(), List.of(t.val()));
            case FIELD: return new FieldNode(t.pos(), List.of(t.val().substring(1)));
            case BOOL: return new BoolNode(t.pos(), t.val().equals("true"));
            case CHAR_CONSTANT, NUMBER: return GoStrings.number(t.pos(), t.val(), t.type() == Type.CHAR_CONSTANT, this::errorf);
            case LEFT_PAREN:
                if (parenDepth >= MAX_PAREN_DEPTH) errorf("max expression depth exceeded");
                parenDepth++;
                try {
                    return pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
                } finally {
                    parenDepth--;
                }
            case STRING, RAW_STRING: return new StringNode(t.pos(), t.val(), GoStrings.unquote(t.val(), this::errorf));
            default:
                backup();
                return null;
        }
    }
}
