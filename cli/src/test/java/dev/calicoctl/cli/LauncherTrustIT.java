package dev.calicoctl.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8 item 12: the launcher builds with the JDK it picked (not a stale $JAVA_HOME), and a
 * root-owned checkout run by another user either runs (caches in the user's own directory) or
 * says in one line why it cannot: never shell errors, never a stale build. Runs on a copy of the
 * packaged launcher and jar, so the real checkout is left alone.
 */
class LauncherTrustIT {
    @TempDir Path tmp;
    Path checkout, home;

    @BeforeEach void copyCheckout() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as another user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        checkout = tmp.resolve("checkout");
        Path target = checkout.resolve("cli/target");
        Files.createDirectories(target.resolve("lib"));
        Path real = LauncherIT.ROOT.resolve("cli/target");
        assertThat(real.resolve("calicoctl.jar")).exists();
        Files.copy(LauncherIT.ROOT.resolve("calicoctl"), checkout.resolve("calicoctl"), StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> libs = Files.list(real.resolve("lib"))) {
            for (Path l : libs.toList()) Files.copy(l, target.resolve("lib").resolve(l.getFileName()));
        }
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Files.copy(real.resolve("calicoctl.jar"), target.resolve("calicoctl.jar"));
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) || p.endsWith("calicoctl") ? "rwxr-xr-x" : "rw-r--r--"));
        }
        home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    Launch.Out asNobody(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", checkout.resolve("calicoctl").toString()));
        cmd.addAll(List.of(args));
        return Launch.run(cmd, Map.of("HOME", home.toString(), "CALICOCTL_LOCAL_DB", home.resolve("store.db").toString()));
    }

    @Test
    void anotherUserRunsAnUpToDateRootCheckoutWithoutShellErrors() throws Exception {
        Launch.Out r = asNobody("version");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Client Version:");
        assertThat(Files.list(checkout.resolve("cli/target")).map(p -> p.getFileName().toString()).toList())
                .as("nothing written into root's checkout").containsExactlyInAnyOrder("lib", "calicoctl.jar");
    }

    @Test
    void anotherUserIsToldWhyAStaleRootCheckoutCannotRun() throws Exception {
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(60)));
        Launch.Out r = asNobody("version");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("calicoctl: the build in " + checkout.resolve("cli/target") + " is older than the sources and "
                + checkout + " is not writable by nobody; ask its owner to run " + checkout.resolve("calicoctl") + " once to rebuild it\n");
    }

    @Test
    void buildsWithThePickedJdkNotAnOldJavaHome() throws Exception {
        Path oldJdk = tmp.resolve("old-jdk");
        Files.createDirectories(oldJdk.resolve("bin"));
        Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Files.writeString(oldJdk.resolve("bin/java"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(oldJdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = tmp.resolve("fakebin");
        Files.createDirectories(bin);
        Path seen = tmp.resolve("mvn-java-home");
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"$JAVA_HOME\" > " + seen + "\nexit 1\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(60)));
        Launch.Out r = Launch.run(List.of(checkout.resolve("calicoctl").toString(), "version"), Map.of("HOME", home.toString(),
                "JAVA_HOME", oldJdk.toString(), "PATH", bin + ":" + System.getenv("PATH")));
        assertThat(r.rc()).isEqualTo(1); // the fake Maven fails the build
        String used = Files.readString(seen, StandardCharsets.UTF_8).strip();
        assertThat(used).isNotEqualTo(oldJdk.toString()).startsWith("/usr/lib/jvm/");
    }

    /** The default-datastore notice: on a terminal (a pty from script(1)) once per write, never in a pipe. */
    @Test
    void implicitEmbeddedStoreIsAnnouncedOnATerminalOnly() throws Exception {
        Path pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, CrudCommandsTest.SEED);
        String cmd = checkout.resolve("calicoctl") + " apply -f " + pools;
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", cmd, "/dev/null");
        for (String v : new String[]{"KUBECONFIG", "DATASTORE_TYPE", "CALICO_DATASTORE_TYPE", "ETCD_ENDPOINTS", "KUBERNETES_SERVICE_HOST",
                "K8S_API_ENDPOINT", "CALICOCTL_LOCAL_DB", "XDG_DATA_HOME"}) pb.environment().remove(v);
        pb.environment().put("HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String tty = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Path db = home.resolve(".local/share/calicoctl/datastore.db");
        String note = "note: writing to the embedded local datastore " + db + " (nothing names a cluster); use -c FILE, DATASTORE_TYPE or KUBECONFIG to pick one";
        assertThat(tty).contains(note).contains("Successfully applied 2 'IPPool' resource(s)");
        assertThat(tty.split(java.util.regex.Pattern.quote(note), -1)).hasSize(2); // once, for two resources

        pb.command(checkout.resolve("calicoctl").toString(), "delete", "ippool", "external-pool");
        pb.redirectErrorStream(false);
        Process piped = pb.start();
        piped.getOutputStream().close();
        String out = new String(piped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(piped.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(piped.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("Successfully deleted 1 'IPPool' resource(s)\n");
        assertThat(err).isEmpty();
    }

    /** Issue 8 item 10: a -shm file left read-only (by another user's run) is named, not the database. */
    @Test
    void readOnlyShmIsNamedNotTheDatabase() throws Exception {
        Path pools = tmp.resolve("pools.yaml");
        Files.writeString(pools, CrudCommandsTest.SEED);
        Launch.Out made = asNobody("apply", "-f", pools.toString());
        assertThat(made.rc()).as(made.err()).isZero();
        Path shm = home.resolve("store.db-shm");
        Files.deleteIfExists(shm);
        Files.write(shm, new byte[32768]); // root's, mode 644: nobody cannot write it
        Files.setPosixFilePermissions(shm, PosixFilePermissions.fromString("rw-r--r--"));
        Launch.Out r = asNobody("delete", "ippool", "external-pool");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).endsWith("local datastore " + home.resolve("store.db") + " cannot be written: its SQLite file " + shm + " is read-only\n");
    }
}
