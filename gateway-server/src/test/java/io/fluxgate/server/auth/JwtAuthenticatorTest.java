package io.fluxgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.fluxgate.channel.Principal;
import io.fluxgate.server.Jwts;
import io.fluxgate.server.ws.AuthenticationException;
import io.fluxgate.server.ws.HandshakeRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class JwtAuthenticatorTest {
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final JwtAuthenticator auth = new JwtAuthenticator(Jwts.SECRET, clock);

    JwtAuthenticatorTest() {
        clock.advanceTimeTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void aValidTokenNamesTheClientItsExpiryAndAdminFlag() {
        Principal p = auth.verify(Jwts.admin("alice", clock, 600));
        assertThat(p.clientId()).isEqualTo("alice");
        assertThat(p.admin()).isTrue();
        assertThat(p.expiresAt()).isEqualTo(Instant.parse("2026-12-01T00:10:00Z"));
        assertThat(auth.verify(Jwts.token("bob", clock, 60)).admin()).isFalse();
    }

    @Test
    void theHeaderTokenWinsOverTheQueryToken() {
        HttpHeaders h = new DefaultHttpHeaders().set("Authorization", "Bearer " + Jwts.token("header", clock, 60));
        HandshakeRequest both = new HandshakeRequest(h, Map.of("token", List.of(Jwts.token("query", clock, 60))), "1.2.3.4");
        assertThat(auth.authenticate(both).clientId()).isEqualTo("header");
        HandshakeRequest query = new HandshakeRequest(new DefaultHttpHeaders(),
                Map.of("token", List.of(Jwts.token("query", clock, 60))), "1.2.3.4");
        assertThat(auth.authenticate(query).clientId()).isEqualTo("query");
        HttpHeaders lower = new DefaultHttpHeaders().set("Authorization", "bearer " + Jwts.token("lower", clock, 60));
        assertThat(auth.authenticate(new HandshakeRequest(lower, Map.of(), "x")).clientId()).isEqualTo("lower");
    }

    @Test
    void everyBadTokenIsRefusedWith401AndAReasonThatNeverQuotesTheToken() {
        JWTClaimsSet good = Jwts.claims("alice", clock, 60).build();
        String valid = Jwts.hs256(good, Jwts.SECRET);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "missing token");
        cases.put("garbage", "malformed token");
        cases.put("a.b.c", "malformed token");
        cases.put(Jwts.hs256(good, Jwts.OTHER_SECRET), "bad token signature");
        cases.put(valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA"), "bad token signature");
        cases.put(Jwts.unsigned(good), "alg none");
        cases.put(Jwts.algNoneWithSignature(valid), "malformed token"); // none must have an empty signature part
        cases.put(Jwts.sign(JWSAlgorithm.HS512, good, Jwts.SECRET), "algorithm HS512 refused");
        cases.put(Jwts.sign(JWSAlgorithm.HS384, good, Jwts.SECRET), "algorithm HS384 refused");
        cases.put(Jwts.rs256(good), "algorithm RS256 refused");
        cases.put(Jwts.hs256(new JWTClaimsSet.Builder().expirationTime(new Date(Long.MAX_VALUE / 2)).build(),
                Jwts.SECRET), "no sub");
        cases.put(Jwts.hs256(Jwts.claims("inbox:bob", clock, 60).build(), Jwts.SECRET), "sub must be");
        cases.put(Jwts.hs256(Jwts.claims("x".repeat(65), clock, 60).build(), Jwts.SECRET), "sub must be");
        cases.put(Jwts.hs256(new JWTClaimsSet.Builder().subject("alice").build(), Jwts.SECRET), "no exp");
        cases.put(Jwts.hs256(Jwts.claims("alice", clock, -31).build(), Jwts.SECRET), "token expired");
        cases.put(Jwts.hs256(Jwts.claims("alice", clock, 60).claim("admin", "true").build(), Jwts.SECRET),
                "admin claim must be a boolean");
        cases.put(Jwts.hs256(Jwts.claims("alice", clock, 600).notBeforeTime(new Date(
                clock.now(java.util.concurrent.TimeUnit.MILLISECONDS) + 60_000)).build(), Jwts.SECRET), "not valid yet");
        cases.put("x".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1), "longer than");
        cases.forEach((token, reason) -> {
            HandshakeRequest r = new HandshakeRequest(new DefaultHttpHeaders(),
                    token.isEmpty() ? Map.of() : Map.of("token", List.of(token)), "1.2.3.4");
            assertThatThrownBy(() -> auth.authenticate(r)).as(reason)
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains(reason);
                        if (token.length() > 8) {
                            for (String part : token.split("\\.")) {
                                if (part.length() > 8) {
                                    assertThat(e.getMessage()).doesNotContain(part);
                                }
                            }
                        }
                    });
        });
    }

    @Test
    void aFarFutureExpiryDoesNotOverflow() {
        String token = Jwts.hs256(new JWTClaimsSet.Builder().subject("forever")
                .expirationTime(new Date(Long.MAX_VALUE / 1000 * 1000)).build(), Jwts.SECRET);
        assertThat(auth.verify(token).expiresAt()).isAfter(Instant.parse("9999-01-01T00:00:00Z"));
    }

    @Test
    void aBasicAuthorizationHeaderIsRefused() {
        HttpHeaders h = new DefaultHttpHeaders().set("Authorization", "Basic YWxpY2U6c2VjcmV0");
        assertThatThrownBy(() -> auth.authenticate(new HandshakeRequest(h, Map.of(), "x")))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("Bearer");
    }

    @Test
    void expiryAllowsTheClockSkewAndNoMore() {
        String token = Jwts.token("alice", clock, 60);
        clock.advanceTimeBy(Duration.ofSeconds(60).plus(JwtAuthenticator.CLOCK_SKEW).minusMillis(1));
        assertThat(auth.verify(token).clientId()).isEqualTo("alice");
        clock.advanceTimeBy(Duration.ofMillis(1));
        assertThatThrownBy(() -> auth.verify(token)).hasMessage("token expired");
        assertThat(auth.leeway()).isEqualTo(JwtAuthenticator.CLOCK_SKEW);
    }

    @Test
    void refreshNeedsAValidUnexpiredTokenForTheSameSubAndTakesItsExpiryAndAdminFlag() {
        Principal current = auth.verify(Jwts.token("alice", clock, 60));
        Principal refreshed = auth.refresh(current, Jwts.admin("alice", clock, 3600));
        assertThat(refreshed.clientId()).isEqualTo("alice");
        assertThat(refreshed.admin()).isTrue();
        assertThat(refreshed.expiresAt()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));

        assertThatThrownBy(() -> auth.refresh(current, Jwts.token("mallory", clock, 3600)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another client");
        assertThatThrownBy(() -> auth.refresh(current, Jwts.hs256(Jwts.claims("alice", clock, 3600).build(),
                Jwts.OTHER_SECRET))).hasMessage("bad token signature");
        assertThatThrownBy(() -> auth.refresh(current, Jwts.hs256(Jwts.claims("alice", clock, -60).build(),
                Jwts.SECRET))).hasMessage("token expired");
        assertThatThrownBy(() -> auth.refresh(current, "junk")).hasMessage("malformed token");
    }
}
