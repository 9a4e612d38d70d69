package dev.calicoctl.cli.complete;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Cli;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * Hidden `__complete WORD... PREFIX`: the completion scripts ask it what may follow. Prints one
 * candidate a line ("value" or "value\tdescription"), then a directive line: ":files" when file
 * names fit as well, else ":none". Never fails: no datastore means no live names.
 */
public final class CompleteCommand extends BaseCommand {
    List<String> words = new ArrayList<>();

    @Override protected void define(Def d) {
        d.describe("Print completion candidates for a partial command line (used by the completion scripts).");
        d.spec().usageMessage().hidden(true);
        d.spec().parser().unmatchedArgumentsAllowed(true);
        d.spec().parser().unmatchedOptionsArePositionalParams(true);
        d.spec().parser().stopAtPositional(true);
        d.positionals("WORD", v -> words = v);
    }

    @Override protected boolean checksVersion() { return false; } // completion never fails on a mismatch

    @Override protected int run(Session s) {
        List<String> before = new ArrayList<>(words);
        String prefix = before.isEmpty() ? "" : before.remove(before.size() - 1);
        Completions c = new Completions(new Cli(io()).build(), () -> s);
        Completions.Result r = c.complete(before, prefix);
        StringBuilder sb = new StringBuilder();
        for (Completions.Candidate x : r.candidates()) {
            sb.append(x.value());
            if (x.description() != null && !x.description().isEmpty()) sb.append('\t').append(x.description().replace('\t', ' ').replace('\n', ' '));
            sb.append('\n');
        }
        sb.append(r.files() ? ":files" : ":none").append('\n');
        io().out().print(sb);
        return ExitCodes.OK;
    }
}
