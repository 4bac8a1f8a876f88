package io.fluxgate.protocol;

/** What the codec made of one inbound frame: a command, or the error to answer it with. */
public sealed interface Decoded {

    /** A well-formed command. */
    record Command(ClientCommand command) implements Decoded {
    }

    /** A frame that cannot be run; {@code id} is echoed when it could be read. */
    record Failure(MessageId id, ErrorCode code, String message) implements Decoded {
        public ServerMessage.Error toError() {
            return ServerMessage.Error.of(id, code, message);
        }
    }
}
