package dev.calicoctl.ipam;

/**
 * The state of a block affinity (libcalico-go model.BlockAffinityState), as stored in its value's
 * {@code state} field. A claim writes {@link #PENDING}, creates the block, then writes
 * {@link #CONFIRMED}; releasing an empty block marks the affinity {@link #PENDING_DELETION} first.
 */
public enum AffinityState {
    PENDING("pending"),
    CONFIRMED("confirmed"),
    PENDING_DELETION("pendingDeletion");

    private final String stored;

    AffinityState(String stored) { this.stored = stored; }

    /** The word in the stored value ("pendingDeletion"). */
    public String stored() { return stored; }

    /**
     * The state a stored word means. A missing or unknown word reads as {@link #PENDING}: upstream
     * treats every state that is neither confirmed nor pendingDeletion as a claim still to finish.
     */
    public static AffinityState fromStored(Object word) {
        for (AffinityState s : values()) if (s.stored.equals(word)) return s;
        return PENDING;
    }

    @Override public String toString() { return stored; }
}
