package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.output.BoxTable;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.ipam.IpamConfig;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `ipam show --show-configuration`: every IPAMConfig field in upstream's order. */
record ConfigurationView(IpamConfig config) implements View {
    /** Values as Go's %#v prints them. */
    @Override public void writeText(PrintStream out) {
        BoxTable t = new BoxTable(List.of("PROPERTY", "VALUE"));
        t.add(List.of("StrictAffinity", Boolean.toString(config.strictAffinity())));
        t.add(List.of("AutoAllocateBlocks", Boolean.toString(config.autoAllocateBlocks())));
        t.add(List.of("MaxBlocksPerHost", Integer.toString(config.maxBlocksPerHost())));
        // upstream prints this pointer's address; we print the value it points at
        String persistence = config.kubeVirtVMAddressPersistence();
        t.add(List.of("KubeVirtVMAddressPersistence", persistence == null ? "<nil>" : "\"" + persistence + "\""));
        t.add(List.of("IPCooldownSeconds", Integer.toString(config.ipCooldownSeconds())));
        t.print(out);
    }

    /**
     * Named as IPAMConfiguration's v3 JSON; kubeVirtVMAddressPersistence is left out when unset (a Go
     * pointer with omitempty).
     */
    @Override public Object tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strictAffinity", config.strictAffinity());
        m.put("autoAllocateBlocks", config.autoAllocateBlocks());
        m.put("maxBlocksPerHost", (long) config.maxBlocksPerHost());
        if (config.kubeVirtVMAddressPersistence() != null) m.put("kubeVirtVMAddressPersistence", config.kubeVirtVMAddressPersistence());
        m.put("ipCooldownSeconds", (long) config.ipCooldownSeconds());
        return m;
    }
}
