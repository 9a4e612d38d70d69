package dev.calicoctl.cli.output;

import dev.calicoctl.model.Yaml;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** -o yaml: one object as itself, several as a YAML sequence, none as null (as calicoctl). */
final class YamlPrinter implements ResourcePrinter {
    @Override public void print(List<Printable> objects, PrintStream out) {
        if (objects.isEmpty()) {
            out.print("null\n");
            return;
        }
        if (objects.size() == 1) {
            out.print(Yaml.write(objects.get(0).tree()));
            return;
        }
        List<Object> all = new ArrayList<>();
        for (Printable p : objects) all.add(p.tree());
        out.print(Yaml.write(all));
    }
}
