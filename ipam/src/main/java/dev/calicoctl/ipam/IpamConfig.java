package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IPAM switches stored at /calico/ipam/v2/config (libcalico-go's IPAMConfig); defaults apply
 * when the key is missing. {@code kubeVirtVMAddressPersistence} is null when not set (the engine
 * then behaves as "Enabled"); {@code ipCooldownSeconds} is how long a released address stays
 * out of use before it is handed out again.
 */
public record IpamConfig(boolean strictAffinity, boolean autoAllocateBlocks, int maxBlocksPerHost,
                         String kubeVirtVMAddressPersistence, int ipCooldownSeconds) {
    /** Upstream GetIPAMConfig's answer when no record is stored. */
    public static final IpamConfig DEFAULT = new IpamConfig(false, true, 0, "Enabled", 0);
    /** Upstream's cap when maxBlocksPerHost is 0. */
    public static final int DEFAULT_BLOCK_LIMIT = 20;
    /** The IPAMConfiguration resource's schema limit. */
    public static final int MAX_COOLDOWN_SECONDS = 1200;

    /** The three original switches; persistence unset, no cooldown. */
    public IpamConfig(boolean strictAffinity, boolean autoAllocateBlocks, int maxBlocksPerHost) {
        this(strictAffinity, autoAllocateBlocks, maxBlocksPerHost, null, 0);
    }

    public int effectiveBlockLimit() { return maxBlocksPerHost > 0 ? maxBlocksPerHost : DEFAULT_BLOCK_LIMIT; }

    public IpamConfig withStrictAffinity(boolean v) { return new IpamConfig(v, autoAllocateBlocks, maxBlocksPerHost, kubeVirtVMAddressPersistence, ipCooldownSeconds); }
    public IpamConfig withMaxBlocksPerHost(int v) { return new IpamConfig(strictAffinity, autoAllocateBlocks, v, kubeVirtVMAddressPersistence, ipCooldownSeconds); }
    public IpamConfig withKubeVirtVMAddressPersistence(String v) { return new IpamConfig(strictAffinity, autoAllocateBlocks, maxBlocksPerHost, v, ipCooldownSeconds); }
    public IpamConfig withIpCooldownSeconds(int v) { return new IpamConfig(strictAffinity, autoAllocateBlocks, maxBlocksPerHost, kubeVirtVMAddressPersistence, v); }

    /** Upstream SetIPAMConfig's cross-field rules, plus the resource's ranges. */
    public void validate() {
        if (!strictAffinity && !autoAllocateBlocks) {
            throw new CalicoException("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time");
        }
        if (maxBlocksPerHost > 0 && !strictAffinity) throw new CalicoException("MaxBlocksPerHost requires StrictAffinity to be enabled");
        if (maxBlocksPerHost < 0) throw new CalicoException("maxBlocksPerHost must not be negative");
        if (ipCooldownSeconds < 0 || ipCooldownSeconds > MAX_COOLDOWN_SECONDS) {
            throw new CalicoException("ipCooldownSeconds must be between 0 and " + MAX_COOLDOWN_SECONDS);
        }
        if (kubeVirtVMAddressPersistence != null && !kubeVirtVMAddressPersistence.equals("Enabled") && !kubeVirtVMAddressPersistence.equals("Disabled")) {
            throw new CalicoException("invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled");
        }
    }

    /** The stored form: false, zero and unset fields are omitted, as Go's encoder does with omitempty. */
    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (strictAffinity) m.put("strict_affinity", true);
        if (autoAllocateBlocks) m.put("auto_allocate_blocks", true);
        if (maxBlocksPerHost != 0) m.put("maxBlocksPerHost", (long) maxBlocksPerHost);
        if (kubeVirtVMAddressPersistence != null) m.put("kubeVirtVMAddressPersistence", kubeVirtVMAddressPersistence);
        if (ipCooldownSeconds != 0) m.put("ipCooldownSeconds", (long) ipCooldownSeconds);
        return Json.write(m);
    }

    static IpamConfig fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        return new IpamConfig(Boolean.TRUE.equals(m.get("strict_affinity")), Boolean.TRUE.equals(m.get("auto_allocate_blocks")),
                m.get("maxBlocksPerHost") instanceof Number n ? n.intValue() : 0,
                m.get("kubeVirtVMAddressPersistence") instanceof String s ? s : null,
                m.get("ipCooldownSeconds") instanceof Number n ? n.intValue() : 0);
    }
}
