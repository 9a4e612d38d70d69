package dev.calicoctl.ipam;

/**
 * A block's {@code affinity} field names its owner as "host:NODE" (libcalico-go's
 * AffinityConfig of type host); the one place that spells it.
 */
final class HostAffinity {
    private HostAffinity() {}

    static final String PREFIX = "host:";

    /** "host:" + node. */
    static String of(String node) { return PREFIX + node; }

    /** Whether a block's affinity field names a host (not a virtual or no owner). */
    static boolean isHost(String affinity) { return affinity != null && affinity.startsWith(PREFIX); }
}
