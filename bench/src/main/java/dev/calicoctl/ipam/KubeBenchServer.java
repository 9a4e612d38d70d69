package dev.calicoctl.ipam;

import dev.calicoctl.testsupport.kube.KubeApiServerProcess;

import java.nio.file.Files;
import java.nio.file.Path;

/** bench/kube.sh's API server: starts the test server, writes its kubeconfig path to args[0], runs until killed. */
public final class KubeBenchServer {
    public static void main(String[] args) throws Exception {
        KubeApiServerProcess server = KubeApiServerProcess.start("--port", "0");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Files.writeString(Path.of(args[0] + ".tmp"), server.kubeconfig().toString());
        Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
        Thread.sleep(Long.MAX_VALUE);
    }
}
