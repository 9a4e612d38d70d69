package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Node.ListNode;

import java.util.Map;

/**
 * A parsed Go text/template. Data is a JSON-shaped tree (maps, lists, strings, numbers, booleans);
 * output and errors follow Go's text/template with calicoctl's extra functions join and joinAndTruncate.
 */
public final class GoTemplate {
    private final String name;
    private final String text;
    private final Map<String, ListNode> trees;

    private GoTemplate(String name, String text, Map<String, ListNode> trees) {
        this.name = name;
        this.text = text;
        this.trees = trees;
    }

    /** Parses {@code text}; a syntax error throws a TemplateException worded as Go's ("template: NAME:LINE: ..."). */
    public static GoTemplate parse(String name, String text) {
        try {
            return new GoTemplate(name, text, Parser.parse(name, text, Builtins.ALL.keySet()));
        } catch (StackOverflowError e) {
            // nesting (if/range/with inside one another) deeper than the JVM stack allows
            throw new TemplateException("template: " + name + ": max expression depth exceeded");
        }
    }

    /** Renders the template against {@code data}; an execution error throws a TemplateException naming line and column. */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        try {
            new Exec(name, text, trees, out).execute(name, data);
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + name + ": max expression depth exceeded");
        }
        return out.toString();
    }
}
