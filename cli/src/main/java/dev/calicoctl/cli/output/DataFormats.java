package dev.calicoctl.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The -o values one data command accepts and the printer each picks: the one place such a
 * command's -o is parsed, and (through {@link OutputFormats#unrecognized}) refused.
 *
 * @param textName  the -o value naming the text form ("plain"), or null when only the default names it
 * @param yaml      whether yaml is offered besides json
 * @param templates whether go-template[-file]= and jsonpath[-file]= are offered
 */
public record DataFormats(String textName, boolean yaml, boolean templates) {
    /** ipam show, ipam audit: text by default; json, yaml and the templates. */
    public static final DataFormats TEXT_JSON_YAML_TEMPLATES = new DataFormats(null, true, true);
    /** ipam assign: one address a line (plain, the default) or json. */
    public static final DataFormats PLAIN_OR_JSON = new DataFormats("plain", false, false);

    /** The printer for {@code output} (null: the text form); an -o this command does not offer is a one-line error listing those it does. */
    public DataPrinter printer(String output) {
        if (output == null || output.equals(textName)) return DataPrinter.TEXT;
        if (output.equals("json")) return DataPrinter.JSON;
        if (yaml && output.equals("yaml")) return DataPrinter.YAML;
        if (templates) {
            TemplatePrinter t = TemplatePrinter.forOutput(output);
            if (t != null) return DataPrinter.template(t);
        }
        throw OutputFormats.unrecognized(output, names());
    }

    /** The accepted values, as the error and the help list them. */
    public List<String> names() {
        List<String> l = new ArrayList<>();
        if (textName != null) l.add(textName);
        l.add("json");
        if (yaml) l.add("yaml");
        if (templates) l.addAll(OutputFormats.TEMPLATES);
        return l;
    }
}
