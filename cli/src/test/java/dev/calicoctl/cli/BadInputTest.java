package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input: a one-line error, exit 1, no stack trace, and nothing written. */
class BadInputTest {
    @TempDir Path dir;
    CliRunner cli;
    String before;

    @BeforeEach void seed() throws Exception {
        cli = new CliRunner(dir);
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(seed, CrudCommandsTest.SEED);
        assertThat(cli.run("apply", "-f", seed.toString()).rc()).isZero();
        before = cli.run("get", "ippools", "-o", "json").out();
    }

    private CliRunner.Result applyFile(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return cli.run("apply", "-f", f.toString());
    }

    private void assertCleanFailure(CliRunner.Result r, String mustMention) {
        assertThat(r.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains(mustMention);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(cli.run("get", "ippools", "-o", "json").out()).as("store unchanged").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed yaml|metadata:\\n  name: [unclosed\\nspec: {cidr: 10.8.0.0/16\\n|error parsing YAML: line",
            "unknown kind|apiVersion: projectcalico.org/v3\\nkind: NoSuchKind\\nmetadata:\\n  name: x\\n|unknown resource type (NoSuchKind)",
            "unknown field|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: unk\\nspec:\\n  cidr: 10.9.0.0/16\\n  colour: blue\\n|line 7: unknown field \"spec.colour\"",
            "wrong apiVersion|apiVersion: projectcalico.org/v2\\nkind: IPPool\\nmetadata:\\n  name: x\\nspec:\\n  cidr: 10.9.0.0/16\\n|and/or version (projectcalico.org/v2)",
            "cidr /33|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: bad\\nspec:\\n  cidr: 10.0.0.0/33\\n|IPPool.Spec.CIDR = '10.0.0.0/33' (IPPool CIDR must be a valid subnet)",
            "cidr abc|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: bad\\nspec:\\n  cidr: abc\\n|IPPool.Spec.CIDR = 'abc'",
            "blockSize out of range|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: bs\\nspec:\\n  cidr: 10.7.0.0/16\\n  blockSize: 36\\n|blockSize must be between 20 and 32",
            "blockSize larger than pool|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: bs\\nspec:\\n  cidr: 10.7.0.0/28\\n|IP pool size is too small",
            "overlapping existing pool|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: overlap\\nspec:\\n  cidr: 172.16.0.0/24\\n|overlaps with IPPool(external-pool)",
    })
    void rejected(String what, String yaml, String message) throws Exception {
        assertCleanFailure(applyFile("bad.yaml", yaml.replace("\\n", "\n").getBytes()), message);
    }

    @Test
    void aliasBomb() throws Exception {
        StringBuilder sb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        String prev = "a";
        for (int i = 1; i < 12; i++) {
            String cur = "l" + i;
            sb.append(cur).append(": &").append(cur).append(" [");
            for (int k = 0; k < 9; k++) sb.append(k > 0 ? "," : "").append('*').append(prev);
            sb.append("]\n");
            prev = cur;
        }
        sb.append("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: bomb\nspec:\n  cidr: 10.6.0.0/16\n");
        assertCleanFailure(applyFile("bomb.yaml", sb.toString().getBytes()), "alias");
    }

    @Test
    void fiftyMegabyteDocument() throws Exception {
        Path f = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: huge\n  annotations:\n    blob: \"".getBytes());
            byte[] chunk = "x".repeat(1 << 20).getBytes();
            for (int i = 0; i < 50; i++) out.write(chunk);
            out.write("\"\nspec:\n  cidr: 10.5.0.0/16\n".getBytes());
        }
        assertCleanFailure(cli.run("apply", "-f", f.toString()), "over the 33554432-byte limit");
    }

    @Test
    void binaryGarbage() throws Exception {
        byte[] junk = new byte[300];
        new Random(42).nextBytes(junk);
        assertCleanFailure(applyFile("binary.yaml", junk), "binary.yaml");
    }

    @Test
    void corruptStoreFile() throws Exception {
        Path corrupt = dir.resolve("corrupt.db");
        Files.writeString(corrupt, "garbage ".repeat(2000));
        cli.env.put("CALICOCTL_LOCAL_DB", corrupt.toString());
        CliRunner.Result r = cli.run("apply", "-f", dir.resolve("seed.yaml").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("is not a valid database").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(Files.readString(corrupt)).isEqualTo("garbage ".repeat(2000));
    }

    @Test
    void unusableStoreLocation() {
        cli.env.put("CALICOCTL_LOCAL_DB", dir.resolve("seed.yaml").resolve("store.db").toString());
        CliRunner.Result r = cli.run("get", "ippools");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).startsWith("cannot create local datastore").doesNotContain("Exception");
    }

    @Test
    void debugLogLevelShowsTheStackTrace() {
        CliRunner.Result r = cli.run("--log-level=debug", "get", "ippool", "missing");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("resource does not exist").contains("\tat ");
    }

    @Test
    void unknownDatastoreType() {
        cli.env.put("DATASTORE_TYPE", "zookeeper");
        CliRunner.Result r = cli.run("get", "ippools");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("unknown datastore type 'zookeeper' (expected one of: local, etcdv3, kubernetes)\n");
    }
}
