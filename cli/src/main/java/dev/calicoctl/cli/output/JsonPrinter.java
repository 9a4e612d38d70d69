package dev.calicoctl.cli.output;

import dev.calicoctl.model.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * -o json: Go's MarshalIndent with two spaces; one object as itself, several as an array, none
 * as null; written as calicoctl writes it, without a final newline.
 */
final class JsonPrinter implements ResourcePrinter {
    @Override public void print(List<Printable> objects, PrintStream out) {
        if (objects.isEmpty()) {
            out.print("null");
        } else if (objects.size() == 1) {
            out.print(Json.writeIndented(objects.get(0).tree()));
        } else {
            List<Object> all = new ArrayList<>();
            for (Printable p : objects) all.add(p.tree());
            out.print(Json.writeIndented(all));
        }
    }
}
