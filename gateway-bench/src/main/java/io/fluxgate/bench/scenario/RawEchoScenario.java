package io.fluxgate.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The echo load against any RFC 6455 echo server: text out, the same text expected back. */
@Command(name = "raw-echo", mixinStandardHelpOptions = true,
        description = "Like echo, against any RFC 6455 echo server: sends a text frame, expects the same text back "
                + "(counts mismatches). Lets other servers be measured with the same tool.")
public final class RawEchoScenario extends EchoScenario {
    @Option(names = "--payload", defaultValue = "0",
            description = "Extra bytes per message beside the timestamp. Default: ${DEFAULT-VALUE}, max 60000.")
    int payload;

    @Override
    public String name() {
        return "raw-echo";
    }

    @Override
    protected void validateOwn() {
        super.validateOwn();
        if (payload < 0 || payload > 60_000) {
            throw new IllegalArgumentException("payload: " + payload + " (expected: 0..60000)");
        }
    }

    @Override
    int padding() {
        return payload;
    }

    @Override
    boolean raw() {
        return true;
    }
}
