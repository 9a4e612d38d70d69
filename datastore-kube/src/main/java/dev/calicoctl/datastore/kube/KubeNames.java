package dev.calicoctl.datastore.kube;

import dev.calicoctl.model.Cidr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * How libcalico-go's Kubernetes backend names IPAM objects and labels them (datastore.md §3.5),
 * and its UID transform (§3.3). These encodings must never change: existing objects would be
 * stranded.
 */
final class KubeNames {
    private KubeNames() {}

    /** 10.244.84.128/26 -> 10-244-84-128-26; fd00:10:244::/122 -> fd00-10-244---122. */
    static String blockName(Cidr cidr) {
        return cidr.toString().replace('.', '-').replace(':', '-').replace('/', '-');
    }

    /** {@code <host>-<block name>}, shortened with a hash when 253 characters or more. */
    static String affinityName(String host, Cidr cidr) {
        String block = blockName(cidr);
        String name = host + "-" + block;
        if (name.length() < 253) return name;
        String hash = HexFormat.of().formatHex(digest("SHA-256", host + "+" + block)).substring(0, 11);
        int keep = 252 - block.length() - 13;
        return host.substring(0, keep) + "-" + block + "-" + hash;
    }

    /** Handles are named by their id lower-cased (Kubernetes names are lower case). */
    static String handleName(String handleId) {
        return handleId.toLowerCase(Locale.ROOT);
    }

    /** The projectcalico.org/hostname-hash label: base32 (no padding) of SHA3-256 of the host name. */
    static String hostnameHash(String host) {
        return base32(digest("SHA3-256", host));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    /** RFC 4648 base32 without padding. */
    static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        return sb.toString();
    }

    /**
     * Calico's UID conversion between a v3 object and its crd.projectcalico.org/v1 object: the bits
     * of each byte reversed, except bytes 6 and 8 (version and variant). Its own inverse.
     */
    static String transformUid(String uid) {
        if (uid == null || uid.isEmpty()) return uid;
        UUID u;
        try {
            u = UUID.fromString(uid);
        } catch (IllegalArgumentException e) {
            return uid; // not a UUID: nothing Calico would transform
        }
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        for (int i = 0; i < 16; i++) if (i != 6 && i != 8) b[i] = (byte) (Integer.reverse(b[i] & 0xFF) >>> 24);
        long nhi = 0, nlo = 0;
        for (int i = 0; i < 8; i++) {
            nhi = (nhi << 8) | (b[i] & 0xFF);
            nlo = (nlo << 8) | (b[8 + i] & 0xFF);
        }
        return new UUID(nhi, nlo).toString();
    }
}
