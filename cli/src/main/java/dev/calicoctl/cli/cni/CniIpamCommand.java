package dev.calicoctl.cli.cni;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.Session;

/**
 * `calicoctl cni ipam`: the CNI IPAM plugin face (also what the launcher runs when invoked as
 * `calico-ipam`). Everything comes from the CNI environment and stdin, nothing from options.
 */
public final class CniIpamCommand extends BaseCommand {
    @Override protected void define(Def d) {
        d.describe("Run as Calico's CNI IPAM plugin (calico-ipam): CNI_COMMAND ADD, DEL, CHECK, STATUS or VERSION",
                        "from the environment (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS), the network config on stdin,",
                        "the CNI result or error JSON on stdout. CNI spec 0.3.0 to 1.1.0.",
                        "This command is an addition of calicoctl for Java. A symlink named calico-ipam to the calicoctl",
                        "launcher in a CNI bin directory runs it directly.")
                .footer("", "Example:",
                        "  echo '{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"ipam\":{\"type\":\"calico-ipam\"},\"nodename\":\"node-0\"}' |",
                        "    CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/run/netns/c1 CNI_IFNAME=eth0 calicoctl cni ipam");
    }

    @Override protected int run(Session s) {
        return new CniPlugin(io()).run();
    }
}
