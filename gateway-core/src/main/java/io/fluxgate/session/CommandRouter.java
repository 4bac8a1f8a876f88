package io.fluxgate.session;

import io.fluxgate.broker.Publication;
import io.fluxgate.channel.ChannelName;
import io.fluxgate.channel.Principal;
import io.fluxgate.protocol.ClientCommand;
import io.fluxgate.protocol.CloseCode;
import io.fluxgate.protocol.ErrorCode;
import io.fluxgate.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Runs one decoded, rate-checked command for a session and queues its reply. */
final class CommandRouter {
    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final ClientSession session;
    private final GatewayServices services;

    CommandRouter(ClientSession session, GatewayServices services) {
        this.session = session;
        this.services = services;
    }

    /** Tokens the command costs: one, or for a publish its namespace's {@code publishCost}. */
    long cost(ClientCommand command) {
        if (command instanceof ClientCommand.Publish p) {
            ChannelName name = ChannelName.parse(p.channel());
            return name == null ? 1 : services.policy().settings(name).publishCost();
        }
        return 1;
    }

    Mono<Void> route(ClientCommand command) {
        if (command instanceof ClientCommand.Subscribe s) {
            return subscribe(s);
        } else if (command instanceof ClientCommand.Unsubscribe u) {
            return unsubscribe(u);
        } else if (command instanceof ClientCommand.Publish p) {
            return publish(p);
        } else if (command instanceof ClientCommand.Ping p) {
            session.reply(new ServerMessage.Pong(p.id(), p.ts()));
            return Mono.empty();
        } else if (command instanceof ClientCommand.Refresh r) {
            return refresh(r);
        }
        return Mono.error(new IllegalStateException("unrouted command " + command.type()));
    }

    private Mono<Void> subscribe(ClientCommand.Subscribe cmd) {
        ChannelName name = ChannelName.parse(cmd.channel());
        if (name == null) {
            session.error(cmd.id(), ErrorCode.INVALID_CHANNEL, ChannelName.rules());
            return Mono.empty();
        }
        String denied = services.policy().checkSubscribe(session.principal(), name);
        if (denied != null) {
            session.error(cmd.id(), ErrorCode.FORBIDDEN, denied);
            return Mono.empty();
        }
        if (session.subscriptions().containsKey(name.value())) {
            // Already subscribed: report where the channel is, replay nothing (no duplicate delivery).
            return services.broker().position(name.value())
                    .doOnNext(p -> session.reply(new ServerMessage.Subscribed(cmd.id(), name.value(), p.seq(),
                            p.epoch(), null)))
                    .then()
                    .onErrorResume(this::failed);
        }
        ChannelSubscription sub = new ChannelSubscription(name.value(), services.policy().settings(name), session);
        session.subscriptions().put(name.value(), sub);
        return services.broker().subscribe(name.value(), cmd.since(), sub)
                .doOnNext(result -> {
                    if (session.isClosing()) {
                        services.broker().unsubscribe(name.value(), sub).subscribe();
                        return;
                    }
                    sub.activate(cmd.id(), result);
                })
                .then()
                .onErrorResume(this::failed);
    }

    private Mono<Void> unsubscribe(ClientCommand.Unsubscribe cmd) {
        ChannelName name = ChannelName.parse(cmd.channel());
        if (name == null) {
            session.error(cmd.id(), ErrorCode.INVALID_CHANNEL, ChannelName.rules());
            return Mono.empty();
        }
        ChannelSubscription sub = session.subscriptions().remove(name.value());
        if (sub == null) {
            session.error(cmd.id(), ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + name.value());
            return Mono.empty();
        }
        sub.close();
        return services.broker().unsubscribe(name.value(), sub)
                .then(Mono.fromRunnable(() -> session.reply(new ServerMessage.Unsubscribed(cmd.id(), name.value()))))
                .then()
                .onErrorResume(this::failed);
    }

    private Mono<Void> publish(ClientCommand.Publish cmd) {
        ChannelName name = ChannelName.parse(cmd.channel());
        if (name == null) {
            session.error(cmd.id(), ErrorCode.INVALID_CHANNEL, ChannelName.rules());
            return Mono.empty();
        }
        String denied = services.policy().checkPublish(session.principal(), name);
        if (denied != null) {
            session.error(cmd.id(), ErrorCode.FORBIDDEN, denied);
            return Mono.empty();
        }
        Publication pub = new Publication(name.value(), cmd.data(), cmd.event(), cmd.key(),
                session.principal().clientId());
        return services.broker().publish(pub)
                .doOnNext(r -> session.reply(new ServerMessage.Ack(cmd.id(), r.channel(), r.seq())))
                .then()
                .onErrorResume(this::failed);
    }

    private Mono<Void> refresh(ClientCommand.Refresh cmd) {
        Principal refreshed;
        try {
            refreshed = services.tokens().refresh(session.principal(), cmd.token());
        } catch (IllegalArgumentException e) {
            session.error(cmd.id(), ErrorCode.FORBIDDEN, "refresh refused: " + e.getMessage());
            return Mono.empty();
        }
        session.setPrincipal(refreshed);
        long exp = refreshed.expiresAt() == null ? 0 : refreshed.expiresAt().getEpochSecond();
        session.reply(new ServerMessage.Refreshed(cmd.id(), exp));
        return Mono.empty();
    }

    /** The broker failed: the client cannot trust what it has, so close 1011 and let it recover elsewhere. */
    private Mono<Void> failed(Throwable e) {
        log.warn("session {}: broker call failed, closing 1011", session.id(), e);
        session.close(CloseCode.INTERNAL_ERROR, false);
        return Mono.empty();
    }
}
