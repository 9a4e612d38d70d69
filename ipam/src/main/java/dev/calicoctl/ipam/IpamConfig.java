package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The IPAM switches stored at /calico/ipam/v2/config; defaults apply when the key is missing. */
public record IpamConfig(boolean strictAffinity, boolean autoAllocateBlocks, int maxBlocksPerHost) {
    public static final IpamConfig DEFAULT = new IpamConfig(false, true, 0);
    /** Upstream's cap when maxBlocksPerHost is 0. */
    public static final int DEFAULT_BLOCK_LIMIT = 20;

    public int effectiveBlockLimit() { return maxBlocksPerHost > 0 ? maxBlocksPerHost : DEFAULT_BLOCK_LIMIT; }

    /** Upstream SetIPAMConfig's cross-field rules. */
    public void validate() {
        if (!strictAffinity && !autoAllocateBlocks) {
            throw new CalicoException("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time");
        }
        if (maxBlocksPerHost > 0 && !strictAffinity) throw new CalicoException("MaxBlocksPerHost requires StrictAffinity to be enabled");
        if (maxBlocksPerHost < 0) throw new CalicoException("maxBlocksPerHost must not be negative");
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (strictAffinity) m.put("strict_affinity", true);
        if (autoAllocateBlocks) m.put("auto_allocate_blocks", true);
        if (maxBlocksPerHost != 0) m.put("maxBlocksPerHost", (long) maxBlocksPerHost);
        return Json.write(m);
    }

    static IpamConfig fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        return new IpamConfig(Boolean.TRUE.equals(m.get("strict_affinity")), Boolean.TRUE.equals(m.get("auto_allocate_blocks")),
                m.get("maxBlocksPerHost") instanceof Number n ? n.intValue() : 0);
    }
}
