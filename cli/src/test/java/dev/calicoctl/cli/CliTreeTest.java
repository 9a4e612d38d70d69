package dev.calicoctl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command tree is built only as far as the command line needs it, and whole whenever it must list or suggest. */
class CliTreeTest {
    private static CommandLine tree(String... args) {
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        return new Cli(new Io(nul, nul, InputStream.nullInputStream(), Map.of())).build(args);
    }

    @Test
    void aNamedSubcommandOfAGroupIsBuiltAlone() {
        CommandLine cl = tree("ipam", "show", "--show-blocks");
        assertThat(cl.getSubcommands()).containsOnlyKeys("ipam");
        assertThat(cl.getSubcommands().get("ipam").getSubcommands()).containsOnlyKeys("show");
        assertThat(tree("-l", "debug", "ipam", "--config", "x.cfg", "check").getSubcommands().get("ipam").getSubcommands()).containsOnlyKeys("check");
        assertThat(tree("datastore", "migrate", "export").getSubcommands().get("datastore").getSubcommands().get("migrate").getSubcommands())
                .containsOnlyKeys("export");
    }

    @Test
    void aGroupAloneOrAnUnknownChildGetsEveryChild() {
        assertThat(tree("ipam").getSubcommands().get("ipam").getSubcommands()).containsKeys("show", "check", "release", "split", "configure", "assign", "audit");
        assertThat(tree("ipam", "shwo").getSubcommands().get("ipam").getSubcommands()).containsKeys("show", "check", "release");
        assertThat(tree("ipam", "--", "show").getSubcommands().get("ipam").getSubcommands()).containsKeys("show", "check", "release");
        assertThat(tree("datastore", "migrate").getSubcommands().get("datastore").getSubcommands().get("migrate").getSubcommands())
                .containsKeys("export", "import", "lock", "unlock");
        assertThat(tree("bogus").getSubcommands()).containsKeys("get", "ipam", "datastore", "help");
    }

    @Test
    void aMistypedChildIsStillSuggestedAgainstEveryChild(@TempDir Path dir) {
        CliRunner.Result r = new CliRunner(dir).run("ipam", "shwo");
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("unknown command \"shwo\" for \"calicoctl ipam\"").contains("show");
    }

    @Test
    void theFirstWordSkipsGlobalOptionsAndTheirValues() {
        assertThat(Cli.firstCommand(new String[]{"--log-level", "debug", "-c", "a.cfg", "get", "ippools"})).isEqualTo("get");
        assertThat(Cli.commandWords(new String[]{"-l", "info", "ipam", "--context", "x", "release", "--ip", "10.0.0.1"}))
                .containsExactly("ipam", "release", "10.0.0.1");
        assertThat(Cli.firstCommand(new String[]{"--help"})).isNull();
    }
}
