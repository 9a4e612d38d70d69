package dev.calicoctl.datastore.etcd;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A tiny UDP DNS server answering SRV questions from a fixed table (name -> "port target"), NXDOMAIN otherwise. */
final class FakeDns implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, String> srv;
    private final Thread thread;

    FakeDns(Map<String, String> srv) throws Exception {
        this.srv = srv;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    String url() { return "dns://127.0.0.1:" + socket.getLocalPort(); }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
                // the question: labels from offset 12, then type and class
                StringBuilder name = new StringBuilder();
                int i = 12;
                while (q[i] != 0) {
                    int len = q[i];
                    if (name.length() > 0) name.append('.');
                    name.append(new String(q, i + 1, len, StandardCharsets.US_ASCII));
                    i += len + 1;
                }
                int qEnd = i + 5;
                String answer = srv.get(name.toString().toLowerCase());
                ByteArrayOutputStream r = new ByteArrayOutputStream();
                r.write(q[0]); r.write(q[1]);                        // id
                r.write(0x81); r.write(answer == null ? 0x83 : 0x80);  // response, NXDOMAIN when unknown
                r.write(0); r.write(1);                              // one question
                r.write(0); r.write(answer == null ? 0 : 1);         // answers
                r.write(0); r.write(0); r.write(0); r.write(0);
                r.write(q, 12, qEnd - 12);                           // the question again
                if (answer != null) {
                    String[] f = answer.split(" ");
                    int port = Integer.parseInt(f[0]);
                    ByteArrayOutputStream target = new ByteArrayOutputStream();
                    for (String label : f[1].split("\\.")) { target.write(label.length()); target.write(label.getBytes(StandardCharsets.US_ASCII)); }
                    target.write(0);
                    r.write(0xC0); r.write(0x0C);                    // name: pointer to the question
                    r.write(0); r.write(33);                         // SRV
                    r.write(0); r.write(1);                          // IN
                    r.write(0); r.write(0); r.write(0); r.write(60); // TTL
                    int rdlen = 6 + target.size();
                    r.write(rdlen >> 8); r.write(rdlen & 0xFF);
                    r.write(0); r.write(0); r.write(0); r.write(0);  // priority, weight
                    r.write(port >> 8); r.write(port & 0xFF);
                    r.write(target.toByteArray());
                }
                byte[] out = r.toByteArray();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (Exception e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override public void close() { socket.close(); }
}
