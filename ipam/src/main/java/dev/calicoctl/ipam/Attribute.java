package dev.calicoctl.ipam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One entry of a block's attributes list: the handle and owner attributes an allocation points at. */
public final class Attribute {
    final String handleId;
    final Map<String, String> secondary;
    final Map<String, String> alternate;
    final String releasedAt;

    public Attribute(String handleId, Map<String, String> secondary) {
        this(handleId, secondary, null, null);
    }

    Attribute(String handleId, Map<String, String> secondary, Map<String, String> alternate, String releasedAt) {
        this.handleId = handleId;
        // kept as given (sorted only when written out): a million TreeMaps would dominate `ipam check`
        this.secondary = secondary == null ? Map.of() : secondary;
        this.alternate = alternate == null ? Map.of() : alternate;
        this.releasedAt = releasedAt;
    }

    public String handleId() { return handleId; }
    /** Owner attributes (pod, namespace, node, …), unordered; callers must not modify them. */
    public Map<String, String> secondary() { return secondary; }
    public Map<String, String> alternate() { return alternate; }
    public String releasedAt() { return releasedAt; }

    /** The handle without anything after a carriage return (upstream's sanitizeHandle). */
    public String sanitizedHandle() {
        if (handleId == null) return null;
        int cr = handleId.indexOf('\r');
        return cr < 0 ? handleId : handleId.substring(0, cr);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (handleId != null) m.put("handle_id", handleId);
        if (!secondary.isEmpty()) m.put("secondary", new TreeMap<>(secondary));
        if (!alternate.isEmpty()) m.put("alternateOwnerAttrs", new TreeMap<>(alternate));
        if (releasedAt != null) m.put("releasedAt", releasedAt);
        return m;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Attribute a && Objects.equals(handleId, a.handleId) && secondary.equals(a.secondary)
                && alternate.equals(a.alternate) && Objects.equals(releasedAt, a.releasedAt);
    }

    @Override public int hashCode() { return Objects.hash(handleId, secondary, alternate, releasedAt); }
}
