package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Node.ListNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A parsed Go text/template. Data is a JSON-shaped tree (maps, lists, strings, numbers, booleans);
 * output and errors follow Go's text/template with calicoctl's extra functions join and joinAndTruncate.
 */
public final class GoTemplate {
    private final String name;
    private final String text;
    private final Map<String, ListNode> trees;
    private final Map<String, Builtins.Func> functions;

    private GoTemplate(String name, String text, Map<String, ListNode> trees, Map<String, Builtins.Func> functions) {
        this.name = name;
        this.text = text;
        this.trees = trees;
        this.functions = functions;
    }

    /** Parses {@code text}; a syntax error throws a TemplateException worded as Go's ("template: NAME:LINE: ..."). */
    public static GoTemplate parse(String name, String text) {
        return parse(name, text, Map.of());
    }

    /**
     * As {@link #parse(String, String)}, with extra functions of one string argument (as calicoctl adds
     * {@code config}); a function rejects its argument by throwing IllegalArgumentException, which the
     * template reports as "error calling NAME: MESSAGE".
     */
    public static GoTemplate parse(String name, String text, Map<String, UnaryOperator<String>> extra) {
        Map<String, Builtins.Func> functions = new HashMap<>(Builtins.ALL);
        extra.forEach((fname, f) -> functions.put(fname, new Builtins.Func(List.of(Builtins.Param.STRING), null, a -> {
            try {
                return f.apply((String) a.get(0));
            } catch (IllegalArgumentException e) {
                throw new Builtins.FuncError(e.getMessage());
            }
        })));
        try {
            return new GoTemplate(name, text, Parser.parse(name, text, functions.keySet()), functions);
        } catch (StackOverflowError e) {
            // nesting (if/range/with inside one another) deeper than the JVM stack allows
            throw new TemplateException("template: " + name + ": max expression depth exceeded");
        }
    }

    /** Renders the template against {@code data}; an execution error throws a TemplateException naming line and column. */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        try {
            new Exec(name, text, trees, functions, out).execute(name, data);
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + name + ": max expression depth exceeded");
        }
        return out.toString();
    }
}
