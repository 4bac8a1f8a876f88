package io.fluxgate.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body of at most {@code limits.maxApiBodyBytes}: a larger {@code Content-Length} is refused
 * before a byte is read, and a body without one (chunked) is counted while it arrives and refused the moment it
 * passes the cap, so no more than the cap is ever held.
 */
final class ApiBody {
    private ApiBody() {
    }

    /** The whole body, or an {@link ApiException} (413) once it is over {@code maxBytes}. */
    static Mono<byte[]> read(HttpServerRequest req, int maxBytes) {
        String declared = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        long length = parseLength(declared);
        if (length > maxBytes) {
            return Mono.error(ApiException.tooLarge(maxBytes));
        }
        return Mono.defer(() -> {
            ByteArrayOutputStream acc = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
            // Copied synchronously: Reactor Netty releases each buffer as soon as onNext returns.
            return req.receive()
                    .handle((ByteBuf buf, reactor.core.publisher.SynchronousSink<Integer> sink) -> {
                        int n = buf.readableBytes();
                        if ((long) acc.size() + n > maxBytes) {
                            sink.error(ApiException.tooLarge(maxBytes));
                            return;
                        }
                        try {
                            buf.getBytes(buf.readerIndex(), acc, n); // straight into the body, no chunk copy
                        } catch (IOException e) {
                            sink.error(e); // not for a ByteArrayOutputStream, which never throws
                        }
                    })
                    .then(Mono.fromCallable(acc::toByteArray));
        });
    }

    /** The declared length, or -1 when absent (a malformed one is left to the codec and counting to police). */
    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
