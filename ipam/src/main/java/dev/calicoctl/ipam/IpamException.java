package dev.calicoctl.ipam;

import dev.calicoctl.model.CalicoException;

/** An IPAM request that cannot be met (no pool, pool exhausted, address not assigned, …). */
public class IpamException extends CalicoException {
    public IpamException(String message) { super(message); }
}
