package io.fluxgate.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An RFC 6455 client on a socket the test shapes: bound to a chosen local address (e.g. 127.0.0.7, so a proxy
 * in between can be told apart from the client), optionally TLS with hostname verification, extra handshake
 * headers, a small receive buffer. Like {@link RawWsClient}, it answers nothing by itself and blocks on reads.
 */
final class SocketWsClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String status;

    private SocketWsClient(Socket socket, String host, String pathAndQuery, Map<String, String> headers)
            throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        this.status = readHead(in);
    }

    /**
     * Opens {@code wss://127.0.0.1:port/…} from {@code local}, trusting what {@code tls} trusts and checking that the
     * certificate names 127.0.0.1.
     *
     * @param receiveBuffer SO_RCVBUF in bytes, or 0 for the default
     */
    static SocketWsClient tls(SSLContext tls, InetAddress local, int port, String pathAndQuery,
                              Map<String, String> headers, int receiveBuffer) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return new SocketWsClient(s, "127.0.0.1:" + port, pathAndQuery, headers);
    }

    /** The handshake's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}. */
    String status() {
        return status;
    }

    boolean upgraded() {
        return status.startsWith("HTTP/1.1 101");
    }

    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | RawWsClient.TEXT);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** The next frame, control frames included. */
    RawWsClient.Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new RawWsClient.Frame(b0 & 0x0f, payload);
    }

    /** The next text frame, skipping pings and pongs. */
    String readText() throws IOException {
        while (true) {
            RawWsClient.Frame f = read();
            if (f.opcode() == RawWsClient.TEXT) {
                return f.text();
            }
            if (f.opcode() == RawWsClient.CLOSE) {
                throw new IOException("closed with " + f.closeCode() + " while waiting for a text frame");
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed during handshake: " + b.toString(StandardCharsets.US_ASCII));
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String head = b.toString(StandardCharsets.US_ASCII);
        return head.substring(0, head.indexOf('\r'));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
