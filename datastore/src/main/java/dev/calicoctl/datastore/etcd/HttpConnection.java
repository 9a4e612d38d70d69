package dev.calicoctl.datastore.etcd;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP/1.1 connection to an etcd endpoint, for POSTs of JSON: a plain socket, or TLS with the
 * server's certificate checked against the host name as HTTPS does (and SNI for host names).
 * Answers are read strictly: a status line, at most {@value #MAX_HEAD} bytes of headers, and a
 * body by Content-Length, by chunks, or (neither given) up to the close. Not thread-safe: one
 * request at a time ({@link EtcdHttp} hands a connection to one caller).
 */
final class HttpConnection implements Closeable {
    /** Bytes of status line and headers (and of chunk trailers) taken before an answer is refused. */
    static final int MAX_HEAD = 64 * 1024;
    /** Bytes of body taken before an answer is refused. */
    static final int MAX_BODY = 256 * 1024 * 1024;
    /** Bytes of one chunk-size line. */
    private static final int MAX_CHUNK_LINE = 1024;

    /** Where an endpoint (scheme://host[:port]) connects, and the Host header that names it. */
    record Target(boolean tls, String host, int port, String hostHeader) {
        static Target of(String endpoint) {
            URI u = URI.create(endpoint);
            boolean tls = "https".equals(u.getScheme());
            String host = u.getHost(); // IPv6 literals keep their brackets here, as the Host header wants them
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            int port = u.getPort() < 0 ? (tls ? 443 : 80) : u.getPort();
            return new Target(tls, bare, port, u.getPort() < 0 ? host : host + ":" + u.getPort());
        }
    }

    /** An answer: its status and its body; {@code keepAlive} whether the connection may carry another request. */
    record Answer(int status, byte[] body, boolean keepAlive) {}

    /** Connecting took longer than the connect timeout. */
    static final class ConnectTimeout extends SocketTimeoutException {
        ConnectTimeout() { super("connect timed out"); }
    }

    /**
     * The connection was closed (or reset) before a single byte of an answer arrived: on a connection
     * that had been idle, the server closed it meanwhile, and the request can go again on a fresh one.
     */
    static final class Closed extends IOException {
        Closed(Throwable cause) { super("the connection was closed before etcd answered", cause); }
    }

    /** An answer that is not well-formed HTTP/1.1, too large, or cut short. */
    static final class BadAnswer extends IOException {
        BadAnswer(String why) { super("malformed HTTP answer (" + why + ")"); }
    }

    private final Socket socket;
    private final boolean tls;
    private final InputStream in;
    private final OutputStream out;

    private HttpConnection(Socket socket, boolean tls) throws IOException {
        this.socket = socket;
        this.tls = tls;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects (and for https shakes hands) within {@code connectMillis}; every later read waits at most {@code readMillis}. */
    static HttpConnection open(Target t, SSLSocketFactory tlsFactory, int connectMillis, int readMillis) throws IOException {
        Socket plain = new Socket(Proxy.NO_PROXY); // straight to etcd: no SOCKS proxy selection (java.net.Socket() consults the ProxySelector)
        Socket s = plain;
        try {
            plain.setTcpNoDelay(true);
            try {
                plain.connect(new InetSocketAddress(t.host(), t.port()), connectMillis);
            } catch (SocketTimeoutException e) {
                throw new ConnectTimeout();
            }
            plain.setSoTimeout(readMillis);
            if (t.tls()) s = secure(plain, t, tlsFactory == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : tlsFactory);
            return new HttpConnection(s, t.tls());
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            closeQuietly(plain);
            throw e;
        }
    }

    /** TLS over a connected socket, the certificate verified for the host name or IP address as HttpsURLConnection verifies it. */
    private static SSLSocket secure(Socket plain, Target t, SSLSocketFactory factory) throws IOException {
        SSLSocket ssl = (SSLSocket) factory.createSocket(plain, t.host(), t.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(t.host())) {
            try {
                p.setServerNames(List.of(new SNIHostName(t.host())));
            } catch (IllegalArgumentException notAnSniName) {
                // a name SNI cannot carry (e.g. with a trailing dot): sent without SNI, still verified
            }
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) return true; // IPv6
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    /** POSTs {@code body} as JSON to {@code path}, with {@code authorization} (etcd's token) when not null, and reads the answer. */
    Answer post(Target t, String path, byte[] body, String authorization) throws IOException {
        byte[] request = request(t, path, body, authorization);
        try {
            out.write(request);
            out.flush();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw closedWhileWriting(e);
        }
        int first;
        try {
            first = in.read();
        } catch (SocketException e) {
            throw new Closed(e);
        }
        if (first < 0) throw new Closed(null);
        return read(in, first);
    }

    /**
     * The server stopped taking the request. Over TLS its reason may be waiting to be read (a
     * fatal alert, e.g. certificate_required): that is the error then.
     */
    private IOException closedWhileWriting(IOException e) {
        if (tls) {
            try {
                in.read();
            } catch (SSLException e2) {
                if (String.valueOf(e2.getMessage()).contains("alert")) return e2; // "Received fatal alert: certificate_required"
            } catch (IOException ignored) {
                // nothing more to learn
            }
        }
        return new Closed(e);
    }

    private static byte[] request(Target t, String path, byte[] body, String authorization) {
        StringBuilder h = new StringBuilder(160);
        h.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(t.hostHeader())
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        if (authorization != null) {
            checkHeaderValue(authorization);
            h.append("Authorization: ").append(authorization).append("\r\n");
        }
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static void checkHeaderValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) throw new IllegalArgumentException("a header value holds a control character");
        }
    }

    /** Reads one answer whose first byte is {@code first}: interim 1xx answers are skipped. */
    static Answer read(InputStream in, int first) throws IOException {
        int[] budget = {MAX_HEAD};
        while (true) {
            String statusLine = line(in, first, budget, "headers");
            int status = status(statusLine);
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            Headers h = headers(in, budget);
            if (status == 101) throw new BadAnswer("status 101: a protocol switch nobody asked for");
            if (status < 200) {
                first = in.read();
                if (first < 0) throw new BadAnswer("the connection closed after an interim " + status + " answer");
                continue;
            }
            boolean keepAlive = !http10 && !h.close;
            if (status == 204 || status == 304) return new Answer(status, new byte[0], keepAlive);
            if (h.chunked) return new Answer(status, chunked(in, budget), keepAlive);
            if (h.length >= 0) {
                byte[] body = in.readNBytes((int) h.length);
                if (body.length < h.length) throw new BadAnswer("the body ended after " + body.length + " of " + h.length + " bytes");
                return new Answer(status, body, keepAlive);
            }
            return new Answer(status, untilClose(in), false);
        }
    }

    /** The headers this client acts on. */
    private static final class Headers {
        long length = -1;
        boolean chunked;
        boolean close;
    }

    private static int status(String line) throws BadAnswer {
        // HTTP/1.x SP 3DIGIT [SP reason]
        boolean ok = line.length() >= 12 && (line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 "))
                && digit(line.charAt(9)) && digit(line.charAt(10)) && digit(line.charAt(11)) && (line.length() == 12 || line.charAt(12) == ' ');
        if (!ok) throw new BadAnswer("not an HTTP/1.x status line: " + excerpt(line));
        int status = Integer.parseInt(line.substring(9, 12));
        if (status < 100 || status > 599) throw new BadAnswer("status " + status + " out of range");
        return status;
    }

    private static Headers headers(InputStream in, int[] budget) throws IOException {
        Headers h = new Headers();
        while (true) {
            String line = line(in, in.read(), budget, "headers");
            if (line.isEmpty()) return h;
            int colon = line.indexOf(':');
            if (colon <= 0 || !token(line, 0, colon)) throw new BadAnswer("not a header line: " + excerpt(line));
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                long n = contentLength(value);
                if (h.length >= 0 && h.length != n) throw new BadAnswer("two different Content-Length headers");
                h.length = n;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                if (!value.equalsIgnoreCase("chunked") || h.chunked) throw new BadAnswer("unsupported Transfer-Encoding: " + excerpt(value));
                h.chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                for (String option : value.split(",")) if (option.strip().equalsIgnoreCase("close")) h.close = true;
            }
            if (h.chunked && h.length >= 0) throw new BadAnswer("both Content-Length and Transfer-Encoding");
        }
    }

    private static long contentLength(String v) throws BadAnswer {
        if (v.isEmpty() || v.length() > 12) throw new BadAnswer("bad Content-Length: " + excerpt(v));
        for (int i = 0; i < v.length(); i++) if (!digit(v.charAt(i))) throw new BadAnswer("bad Content-Length: " + excerpt(v));
        long n = Long.parseLong(v);
        if (n > MAX_BODY) throw new BadAnswer("a body of " + n + " bytes, more than " + MAX_BODY);
        return n;
    }

    private static byte[] chunked(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        while (true) {
            int[] lineBudget = {MAX_CHUNK_LINE};
            String sizeLine = line(in, in.read(), lineBudget, "chunk size line");
            int semi = sizeLine.indexOf(';'); // chunk extensions are ignored
            String hex = semi < 0 ? sizeLine : sizeLine.substring(0, semi);
            if (hex.isEmpty() || hex.length() > 8) throw new BadAnswer("bad chunk size: " + excerpt(sizeLine));
            long size = 0;
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                int d = digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) throw new BadAnswer("bad chunk size: " + excerpt(sizeLine));
                size = size * 16 + d;
            }
            if (size == 0) {
                // trailers, up to the empty line: read and dropped
                while (!line(in, in.read(), budget, "trailers").isEmpty()) { /* next */ }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) throw new BadAnswer("a body of more than " + MAX_BODY + " bytes");
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) throw new BadAnswer("a chunk ended after " + chunk.length + " of " + size + " bytes");
            body.writeBytes(chunk);
            if (in.read() != '\r' || in.read() != '\n') throw new BadAnswer("a chunk not followed by CRLF");
        }
    }

    private static byte[] untilClose(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY);
        if (body.length == MAX_BODY && in.read() >= 0) throw new BadAnswer("a body of more than " + MAX_BODY + " bytes");
        return body;
    }

    /**
     * One CRLF-terminated line starting with byte {@code first}, its bytes (with the CRLF) taken
     * from {@code budget}; a bare CR or LF, a control character, or the end of the stream is refused.
     */
    private static String line(InputStream in, int first, int[] budget, String what) throws IOException {
        StringBuilder s = new StringBuilder(64);
        int c = first;
        while (true) {
            if (c < 0) throw new BadAnswer("the connection closed in the middle of the " + what);
            if (--budget[0] < 0) throw new BadAnswer(what + " longer than " + (what.equals("chunk size line") ? MAX_CHUNK_LINE : MAX_HEAD) + " bytes");
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') throw new BadAnswer("a CR without LF in the " + what);
                budget[0]--;
                return s.toString();
            }
            if (c == '\n' || c < 0x20 && c != '\t' || c == 0x7f) throw new BadAnswer("a control character in the " + what);
            s.append((char) c);
            c = in.read();
        }
    }

    private static boolean token(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || digit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    private static boolean digit(char c) { return c >= '0' && c <= '9'; }

    /** At most 60 characters of what the server sent, for a one-line message. */
    private static String excerpt(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder(t.length() + 2).append('\'');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return b.append('\'').toString();
    }

    /** The classes a request needs, loaded and initialised, and the answer parser run once on a canned answer: no connection. */
    static void prewarm() {
        Target t = Target.of("http://127.0.0.1:2379");
        new InetSocketAddress(t.host(), t.port()); // an address literal: no name lookup
        Socket unconnected = new Socket(Proxy.NO_PROXY);
        try {
            unconnected.setTcpNoDelay(true); // creates the socket (and the JDK's socket option tables), connects nowhere
            unconnected.setSoTimeout(1);
        } catch (IOException ignored) {
            // the real request reports its own errors
        } finally {
            closeQuietly(unconnected);
        }
        request(t, "/v3/kv/range", new byte[2], "token");
        byte[] canned = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(canned);
            read(in, in.read());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override public void close() { closeQuietly(socket); }
}
