package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreException;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * etcdDiscoverySrv: etcd's DNS discovery, as etcd clients do it — SRV records
 * _etcd-client-ssl._tcp.DOMAIN (https) and _etcd-client._tcp.DOMAIN (http) name the endpoints.
 * The DNS server is the system's (tests name their own, for instance dns://127.0.0.1:5353).
 */
final class SrvDiscovery {
    private SrvDiscovery() {}

    /** The endpoints DOMAIN's SRV records name, asking the DNS server at {@code dnsUrl} (JNDI's URL; "dns:" is the system's). */
    static List<String> endpoints(String domain, String dnsUrl) {
        List<String> out = new ArrayList<>();
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", dnsUrl);
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                lookup(ctx, "_etcd-client-ssl._tcp." + domain, "https", out);
                lookup(ctx, "_etcd-client._tcp." + domain, "http", out);
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new DatastoreException.Unavailable("cannot discover etcd endpoints for " + domain + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new DatastoreException.Unavailable("cannot discover etcd endpoints for " + domain
                    + ": no _etcd-client-ssl._tcp or _etcd-client._tcp SRV records");
        }
        return out;
    }

    private static void lookup(DirContext ctx, String name, String scheme, List<String> out) throws NamingException {
        Attributes attrs;
        try {
            attrs = ctx.getAttributes(name, new String[]{"SRV"});
        } catch (javax.naming.NameNotFoundException missing) {
            return;
        }
        Attribute srv = attrs.get("SRV");
        if (srv == null) return;
        NamingEnumeration<?> values = srv.getAll();
        while (values.hasMore()) {
            // "priority weight port target."
            String[] f = values.next().toString().trim().split("\\s+");
            if (f.length != 4) continue;
            String host = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
            out.add(scheme + "://" + host + ":" + f[2]);
        }
    }
}
