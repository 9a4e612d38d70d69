package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.output.gotemplate.GoTemplate;
import dev.calicoctl.cli.output.jsonpath.JsonPath;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.TableContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * -o go-template=, go-template-file=, jsonpath=, jsonpath-file=: the template sees what -o json
 * prints (one object as itself, several as a list). The whole output is rendered before anything is
 * written, so a failing template prints nothing on stdout.
 */
public final class TemplatePrinter implements ResourcePrinter {
    private final Function<Object, String> render;

    private TemplatePrinter(Function<Object, String> render) { this.render = render; }

    /**
     * The template printer for a whole -o value (go-template=…, go-template-file=…, jsonpath=…,
     * jsonpath-file=…), or null when it names another format: how commands that print data rather
     * than resources (the ipam commands) offer the same formats, through {@link #print(Object, PrintStream)}.
     */
    public static TemplatePrinter forOutput(String output) {
        if (output == null) return null;
        int eq = output.indexOf('=');
        return forFormat(eq < 0 ? output : output.substring(0, eq), eq < 0 ? "" : output.substring(eq + 1));
    }

    /** The printer for a template -o value, or null when {@code name} is not a template format. */
    static TemplatePrinter forFormat(String name, String value) { return forFormat(name, value, null); }

    /**
     * As above; with a table context, Go templates also get calicoctl's {@code config "asnumber"}
     * (the cluster's AS number). Without one (data printers) config is not defined.
     */
    static TemplatePrinter forFormat(String name, String value, TableContext context) {
        switch (name) {
            case "go-template" -> {
                if (value.isEmpty()) throw new CliException("need to specify a template");
                return goTemplate(value, context);
            }
            case "go-template-file" -> {
                if (value.isEmpty()) throw new CliException("need to specify a template file");
                return goTemplate(read(value), context);
            }
            case "jsonpath" -> {
                if (value.isEmpty()) throw new CliException("template format specified but no template given");
                return jsonPath(value);
            }
            case "jsonpath-file" -> {
                if (value.isEmpty()) throw new CliException("template format specified but no template file given");
                return jsonPath(read(value));
            }
            default -> { return null; }
        }
    }

    private static TemplatePrinter goTemplate(String text, TableContext context) {
        Map<String, UnaryOperator<String>> extra = context == null ? Map.of() : Map.of("config", key -> {
            // upstream panics on other keys; Go's template turns the panic into a call error
            if (key.toLowerCase(Locale.ROOT).equals("asnumber")) return context.globalAsNumber();
            throw new IllegalArgumentException("unhandled config type");
        });
        GoTemplate t = parsed(() -> GoTemplate.parse("get", text, extra));
        return new TemplatePrinter(t::execute);
    }

    private static TemplatePrinter jsonPath(String text) {
        JsonPath p = parsed(() -> JsonPath.parse(text));
        return new TemplatePrinter(p::execute);
    }

    private static <T> T parsed(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (CalicoException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** Go's os.ReadFile wording for a missing or unreadable template file. */
    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("open " + file + ": no such file or directory");
        } catch (IOException | RuntimeException e) {
            throw new CliException("read " + file + ": " + (e.getMessage() == null ? "cannot read file" : e.getMessage()));
        }
    }

    @Override public void print(List<Printable> objects, PrintStream out) {
        if (objects.size() == 1) {
            print(objects.get(0).tree(), out);
            return;
        }
        List<Object> all = new ArrayList<>();
        for (Printable p : objects) all.add(p.tree());
        print(all, out);
    }

    /** Renders one JSON-shaped tree (maps, lists, scalars). */
    public void print(Object tree, PrintStream out) {
        String text;
        try {
            text = render.apply(tree);
        } catch (CalicoException e) {
            throw new CliException(e.getMessage(), e);
        }
        out.print(text);
        out.flush();
    }
}
