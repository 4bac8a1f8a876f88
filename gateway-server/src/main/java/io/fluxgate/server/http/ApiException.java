package io.fluxgate.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A server-API request that gets an error answer {@code {code, message}}; control flow, so no stack trace. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;
    private final String code;

    ApiException(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message);
    }

    static ApiException tooLarge(int maxBytes) {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                "request body over limits.maxApiBodyBytes (" + maxBytes + " bytes)");
    }

    HttpResponseStatus status() {
        return status;
    }

    /** The machine-readable {@code code} of the error body. */
    String code() {
        return code;
    }
}
