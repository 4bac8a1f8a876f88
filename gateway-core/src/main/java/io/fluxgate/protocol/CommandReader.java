package io.fluxgate.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a parsed JSON object into a typed command, checking every field's presence and type. */
final class CommandReader {
    /** Longest accepted idempotency key and event name. */
    static final int MAX_KEY_CHARS = 256;

    private CommandReader() {
    }

    static Decoded read(JsonNode root) {
        JsonNode idNode = root.get("id");
        MessageId id = null;
        if (idNode != null && !idNode.isNull()) {
            if (idNode.isTextual() && idNode.textValue().length() <= MessageId.MAX_LENGTH) {
                id = new MessageId(idNode.textValue(), false);
            } else if (idNode.isIntegralNumber() && idNode.asText().length() <= MessageId.MAX_LENGTH) {
                id = new MessageId(idNode.asText(), true);
            } else {
                return fail(null, ErrorCode.INVALID_MESSAGE,
                        "id must be a string or an integer of at most " + MessageId.MAX_LENGTH + " chars");
            }
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return fail(id, ErrorCode.INVALID_MESSAGE, "type must be a string");
        }
        String type = typeNode.textValue();
        try {
            ClientCommand command = switch (type) {
                case "subscribe" -> new ClientCommand.Subscribe(id, requiredString(root, "channel"), since(root));
                case "unsubscribe" -> new ClientCommand.Unsubscribe(id, requiredString(root, "channel"));
                case "publish" -> new ClientCommand.Publish(id, requiredString(root, "channel"), data(root),
                        optionalString(root, "event"), optionalString(root, "key"));
                case "ping" -> new ClientCommand.Ping(id, root.get("ts"));
                case "refresh" -> new ClientCommand.Refresh(id, requiredString(root, "token"));
                default -> null;
            };
            if (command == null) {
                return fail(id, ErrorCode.UNKNOWN_TYPE, "unknown type '" + abbreviate(type) + "'");
            }
            return new Decoded.Command(command);
        } catch (FieldException e) {
            return fail(id, ErrorCode.INVALID_MESSAGE, e.getMessage());
        }
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new FieldException(field + " is required");
        }
        if (!n.isTextual()) {
            throw new FieldException(field + " must be a string");
        }
        return n.textValue();
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > MAX_KEY_CHARS) {
            throw new FieldException(field + " must be a string of 1.." + MAX_KEY_CHARS + " chars");
        }
        return n.textValue();
    }

    private static JsonNode data(JsonNode root) {
        JsonNode n = root.get("data");
        if (n == null) {
            throw new FieldException("data is required");
        }
        return n;
    }

    private static StreamPosition since(JsonNode root) {
        JsonNode n = root.get("since");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new FieldException("since must be an object {seq, epoch}");
        }
        JsonNode seq = n.get("seq");
        JsonNode epoch = n.get("epoch");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            throw new FieldException("since.seq must be an integer >= 0");
        }
        if (epoch == null || !epoch.isTextual()) {
            throw new FieldException("since.epoch must be a string");
        }
        return new StreamPosition(seq.longValue(), epoch.textValue());
    }

    private static Decoded fail(MessageId id, ErrorCode code, String message) {
        return new Decoded.Failure(id, code, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }

    /** A field error; hot-path control flow, so no stack trace. */
    private static final class FieldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
