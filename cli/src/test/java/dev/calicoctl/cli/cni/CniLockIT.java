package dev.calicoctl.cli.cni;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.ipam.Ipam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * calico-ipam (the packaged launcher) takes the host-wide IPAM lock with flock(2), so it waits
 * for another flock holder, such as upstream's Go plugin, before it touches the datastore.
 */
class CniLockIT {
    static final Path ROOT = CniBridgeIT.ROOT;
    @TempDir Path tmp;

    boolean allocated(Path db) {
        if (!Files.exists(db)) return false;
        try (Datastore ds = Datastores.open(LocalStores.at(db))) {
            return !new Ipam(ds).handles().isEmpty();
        }
    }

    /** Whether /proc/locks shows a process blocked on a lock of the file with this inode. */
    static boolean waiterOn(long inode) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // "N: -> FLOCK ADVISORY WRITE pid maj:min:inode start end"
            if (f.length >= 7 && f[1].equals("->") && f[6].endsWith(":" + inode)) return true;
        }
        return false;
    }

    @Test void waitsForAnotherFlockHolder() throws Exception {
        Path db = tmp.resolve("store.db"), lock = tmp.resolve("ipam.lock");
        ProcessBuilder applyPb = new ProcessBuilder(ROOT.resolve("calicoctl").toString(), "apply", "-f", ROOT.resolve("examples/pools.yaml").toString())
                .redirectErrorStream(true);
        applyPb.environment().put("HOME", tmp.toString());
        applyPb.environment().put("CALICOCTL_LOCAL_DB", db.toString());
        applyPb.environment().remove("DATASTORE_TYPE");
        applyPb.environment().remove("CALICO_DATASTORE_TYPE");
        Process apply = applyPb.start();
        apply.getOutputStream().close();
        String applied = new String(apply.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(apply.waitFor()).as(applied).isZero();
        // flock(1) holds the lock until its stdin closes
        Process holder = new ProcessBuilder("flock", lock.toString(), "cat").start();
        try {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Files.createSymbolicLink(bin.resolve("calico-ipam"), ROOT.resolve("calicoctl"));
            ProcessBuilder pb = new ProcessBuilder(bin.resolve("calico-ipam").toString());
            pb.environment().put("HOME", tmp.toString());
            pb.environment().put("CALICOCTL_LOCAL_DB", db.toString());
            pb.environment().remove("DATASTORE_TYPE");
            pb.environment().remove("CALICO_DATASTORE_TYPE");
            pb.environment().put("CNI_COMMAND", "ADD");
            pb.environment().put("CNI_CONTAINERID", "c1");
            pb.environment().put("CNI_NETNS", "/var/run/netns/c1");
            pb.environment().put("CNI_IFNAME", "eth0");
            // wait until flock(1) holds the lock: a non-blocking attempt fails
            for (int i = 0; i < 600 && new ProcessBuilder("flock", "-n", lock.toString(), "true").start().waitFor() == 0; i++) Thread.sleep(50);
            Process add = pb.start();
            add.getOutputStream().write(("{\"cniVersion\":\"1.0.0\",\"name\":\"locknet\",\"nodename\":\"node-0\",\"ipam_lock_file\":\"" + lock
                    + "\",\"ipam\":{\"type\":\"calico-ipam\"}}").getBytes(StandardCharsets.UTF_8));
            add.getOutputStream().close();
            // wait until the plugin is seen blocked on this very lock (/proc/locks lists waiters with
            // "->"), so the check below cannot pass just because the plugin was slow to get there
            long inode = (Long) Files.getAttribute(lock, "unix:ino");
            for (int i = 0; i < 6000 && !waiterOn(inode); i++) {
                assertThat(add.isAlive()).as("finished while another process held the IPAM lock").isTrue();
                Thread.sleep(50);
            }
            assertThat(waiterOn(inode)).as("the plugin never waited on the IPAM lock").isTrue();
            assertThat(allocated(db)).as("allocated while another process held the IPAM lock").isFalse();
            assertThat(add.isAlive()).as("finished while another process held the IPAM lock").isTrue();
            holder.getOutputStream().close();
            String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(add.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(add.exitValue()).as(out).isZero();
            assertThat(allocated(db)).isTrue();
        } finally {
            holder.destroy();
        }
    }
}
