package dev.calicoctl.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Declares a command's options with picocli's programmatic API, bound to the command's own
 * fields. No annotations: reading them costs a dynamic proxy class per annotation type at
 * every start (~10 ms each), more than the rest of a `get` together.
 */
public final class Def {
    final CommandSpec spec;
    /** cobra's Args rule: how many positionals the command takes (-1 = any number). */
    int minArgs = -1, maxArgs = -1;
    private final List<Typed<?>> typed = new ArrayList<>();

    public Def(Object command, String name) {
        this.spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    }

    public CommandSpec spec() { return spec; }

    public Def describe(String... lines) { spec.usageMessage().description(lines); return this; }

    public Def footer(String... lines) { spec.usageMessage().footer(lines); return this; }

    private static ISetter setter(Consumer<Object> c) {
        return new ISetter() {
            @Override public <T> T set(T value) {
                c.accept(value);
                return null;
            }
        };
    }

    private static String[] names(String names) { return names.split(","); }

    /** A boolean flag. */
    public Def flag(String names, String description, Consumer<Boolean> set) {
        return flag(names, description, false, false, set);
    }

    public Def flag(String names, String description, boolean hidden, boolean inherited, Consumer<Boolean> set) {
        OptionSpec.Builder b = OptionSpec.builder(names(names)).type(boolean.class).arity("0").hidden(hidden)
                .description(description).setter(setter(v -> set.accept(Boolean.TRUE.equals(v))));
        if (inherited) b.scopeType(ScopeType.INHERIT);
        spec.addOption(b.build());
        return this;
    }

    /** An option with one value; {@code dflt} may be null. */
    public Def option(String names, String label, String dflt, String description, Consumer<String> set) {
        return option(names, label, dflt, description, false, false, set);
    }

    public Def option(String names, String label, String dflt, String description, boolean required, boolean inherited, Consumer<String> set) {
        OptionSpec.Builder b = OptionSpec.builder(names(names)).type(String.class).arity("1").paramLabel(label)
                .description(description).required(required).setter(setter(v -> { if (v != null) set.accept((String) v); }));
        if (dflt != null) b.defaultValue(dflt);
        if (inherited) b.scopeType(ScopeType.INHERIT);
        spec.addOption(b.build());
        return this;
    }

    /**
     * An option with a typed value ({@link OptionTypes}). picocli takes the text; the converter reads
     * it after the pre-run checks (argument count, required flags, version check), in declaration
     * order, where calicoctl reads such values in its RunE: a refused value is a one-line error in
     * the converter's words, and the command only ever sees the typed value.
     */
    public <T> Def option(String names, String label, String description, ITypeConverter<T> converter, Consumer<T> set) {
        Typed<T> typed = new Typed<>(converter, set);
        this.typed.add(typed);
        return option(names, label, null, description, typed::given);
    }

    /** A value given as text, converted by {@link #convertTyped()}. */
    private static final class Typed<T> {
        private final ITypeConverter<T> converter;
        private final Consumer<T> set;
        private String text;

        Typed(ITypeConverter<T> converter, Consumer<T> set) {
            this.converter = converter;
            this.set = set;
        }

        void given(String text) { this.text = text; }

        void convert() {
            if (text == null) return;
            T value;
            try {
                value = converter.convert(text);
            } catch (TypeConversionException e) {
                throw new CliException(e.getMessage());
            } catch (Exception e) {
                throw new CliException("invalid value '" + text + "'");
            }
            set.accept(value);
        }
    }

    /** Converts every typed value given, in declaration order (the first refusal is the error). */
    void convertTyped() {
        for (Typed<?> t : typed) t.convert();
    }

    /** Holds a multi-value argument for picocli and hands every new value list to the command. */
    private static final class ListBinding implements picocli.CommandLine.Model.IGetter, ISetter {
        private final Consumer<List<String>> sink;
        private Object value;

        ListBinding(Consumer<List<String>> sink) { this.sink = sink; }

        @SuppressWarnings("unchecked")
        @Override public <T> T get() { return (T) value; }

        @Override public <T> T set(T v) {
            value = v;
            List<String> out = new ArrayList<>();
            if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
            sink.accept(out);
            return null;
        }
    }

    /** An option that may be given several times. */
    public Def repeatable(String names, String label, String description, Consumer<List<String>> set) {
        ListBinding b = new ListBinding(set);
        spec.addOption(OptionSpec.builder(names(names)).type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel(label)
                .description(description).getter(b).setter(b).build());
        return this;
    }

    /**
     * The positional parameter at {@code index}. Declaring them makes the count exact, as cobra's
     * ExactArgs (checked by the command before it runs, with cobra's message).
     */
    public Def positional(int index, String label, String description, Consumer<String> set) {
        spec.addPositional(PositionalParamSpec.builder().index(Integer.toString(index)).type(String.class).arity("1").paramLabel(label)
                .description(description).setter(setter(v -> { if (v != null) set.accept((String) v); })).build());
        minArgs = Math.max(minArgs, index + 1);
        maxArgs = Math.max(maxArgs, index + 1);
        return this;
    }

    /** As {@link #positional(int, String, String, Consumer)}, its value typed as an option's is (after the argument count is checked). */
    public <T> Def positional(int index, String label, String description, ITypeConverter<T> converter, Consumer<T> set) {
        Typed<T> typed = new Typed<>(converter, set);
        this.typed.add(typed);
        return positional(index, label, description, typed::given);
    }

    /** After the declared positionals, more are accepted and ignored (cobra's MinimumNArgs). */
    public Def moreArgsIgnored() {
        int from = maxArgs;
        spec.addPositional(PositionalParamSpec.builder().index(from + "..*").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .hidden(true).paramLabel("ARGS").build());
        maxArgs = -1;
        return this;
    }

    /** Any number of positional parameters. */
    public Def positionals(String label, Consumer<List<String>> set) {
        ListBinding b = new ListBinding(set);
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .paramLabel(label).getter(b).setter(b).build());
        return this;
    }

}
