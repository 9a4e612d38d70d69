package dev.calicoctl.cli.output;

import dev.calicoctl.model.Json;
import dev.calicoctl.model.Yaml;

import java.io.PrintStream;

/** Renders a {@link View}; chosen by -o through {@link DataFormats}. The strategies for data, as {@link ResourcePrinter} is for resources. */
public interface DataPrinter {
    DataPrinter TEXT = (view, out) -> view.writeText(out);
    /** Go's MarshalIndent with a final newline. */
    DataPrinter JSON = (view, out) -> out.println(Json.writeIndented(view.tree()));
    DataPrinter YAML = (view, out) -> out.print(Yaml.write(view.tree()));

    void print(View view, PrintStream out);

    /** A template printer (go-template, jsonpath, their -file forms) over the view's tree. */
    static DataPrinter template(TemplatePrinter t) { return (view, out) -> t.print(view.tree(), out); }
}
