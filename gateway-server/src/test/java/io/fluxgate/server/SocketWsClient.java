package io.fluxgate.server;

import java.io.DataInputStream;
import java.io.IOException;
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
        this.status = WsFrames.readHead(in);
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
        WsFrames.write(out, RawWsClient.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The next frame, control frames included. */
    RawWsClient.Frame read() throws IOException {
        return WsFrames.read(in);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
