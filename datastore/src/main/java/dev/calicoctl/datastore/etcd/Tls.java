package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.DatastoreException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** An SSLContext from PEM files, as calicoctl's etcdCACertFile / etcdCertFile / etcdKeyFile give them. */
final class Tls {
    private Tls() {}

    static SSLContext context(String caFile, String certFile, String keyFile) {
        try {
            TrustManagerFactory tmf = null;
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certs(caFile, "CA certificate file (etcdCACertFile)")) trust.setCertificateEntry("ca-" + (i++), c);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null && keyFile != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                Collection<? extends Certificate> chain = certs(certFile, "client certificate file (etcdCertFile)");
                ks.setKeyEntry("client", key(keyFile), new char[0], chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            } else if (certFile != null || keyFile != null) {
                throw new DatastoreException.Unavailable("etcd TLS needs both a client certificate and its key (etcdCertFile and etcdKeyFile)");
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new DatastoreException.Unavailable("cannot set up TLS for etcd: " + e.getMessage(), e);
        }
    }

    /** Reads a PEM file; a missing or unreadable file is named with what it was meant to be. */
    private static byte[] read(String file, String what) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DatastoreException.Unavailable("etcd " + what + " " + file + ": no such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DatastoreException.Unavailable("etcd " + what + " " + file + ": permission denied");
        } catch (IOException e) {
            throw new DatastoreException.Unavailable("etcd " + what + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static Collection<? extends Certificate> certs(String file, String what) throws IOException, GeneralSecurityException {
        byte[] pem = read(file, what);
        Collection<? extends Certificate> c;
        try {
            c = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (java.security.cert.CertificateException e) {
            throw new GeneralSecurityException("etcd " + what + " " + file + " holds no valid PEM certificate");
        }
        if (c.isEmpty()) throw new GeneralSecurityException("no certificate in " + file);
        return c;
    }

    /** A PKCS#8 PEM private key ("BEGIN PRIVATE KEY"), RSA or EC. */
    private static PrivateKey key(String file) throws IOException, GeneralSecurityException {
        String pem = new String(read(file, "client key file (etcdKeyFile)"), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new GeneralSecurityException(file + " is a PKCS#1/SEC1 key; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file);
        }
        List<String> body = new ArrayList<>();
        boolean in = false;
        for (String line : pem.split("\n")) {
            if (line.startsWith("-----BEGIN PRIVATE KEY")) { in = true; continue; }
            if (line.startsWith("-----END")) break;
            if (in) body.add(line.strip());
        }
        if (body.isEmpty()) throw new GeneralSecurityException("no PEM private key (BEGIN PRIVATE KEY) in " + file);
        byte[] der;
        try {
            der = Base64.getDecoder().decode(String.join("", body));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the private key in " + file + " is not valid base64");
        }
        for (String alg : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unsupported private key in " + file);
    }
}
