package dev.calicoctl.ipam;

/**
 * Addresses at the start and end of every new block that a host keeps for itself (upstream's
 * HostReservedAttr). Windows nodes keep the first three and the last one of each block: the
 * subnet, gateway and broadcast addresses Windows networking will not give to a pod.
 */
public record HostReservation(int startOfBlock, int endOfBlock, String handle, String note) {
    /** The handle upstream writes on Windows' reserved addresses; no handle record backs it. */
    public static final String WINDOWS_HANDLE = "windows-reserved-ipam-handle";
    public static final HostReservation WINDOWS = new HostReservation(3, 1, WINDOWS_HANDLE, "windows host rsvd");

    public HostReservation {
        if (startOfBlock < 0 || endOfBlock < 0 || startOfBlock + endOfBlock == 0) throw new IpamException("HostReservedAttr has wrong parameters");
    }

    /**
     * The longest block prefix that still leaves an address after the reservation:
     * bits - bitLength(start + end) (29 for Windows' 3 + 1 in IPv4).
     */
    int maxPrefixLength(int addressBits) {
        return addressBits - (32 - Integer.numberOfLeadingZeros(startOfBlock + endOfBlock));
    }
}
