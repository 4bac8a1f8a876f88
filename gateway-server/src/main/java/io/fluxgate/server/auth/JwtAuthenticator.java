package io.fluxgate.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.fluxgate.channel.Principal;
import io.fluxgate.server.ws.AuthenticationException;
import io.fluxgate.server.ws.Authenticator;
import io.fluxgate.server.ws.HandshakeRequest;
import io.fluxgate.server.ws.OpenAuthenticator;
import io.fluxgate.session.TokenVerifier;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/**
 * Auth mode ({@code auth.jwtSecret} set): a client proves who it is with an HS256 JWT, from
 * {@code Authorization: Bearer <jwt>} or {@code ?token=<jwt>}. {@code sub} is the client id (required, the same
 * characters as an open-mode id), {@code exp} is required, {@code nbf} is honoured, {@code admin: true} makes an
 * operator. Only HS256 is accepted: {@code alg: none}, other HMAC sizes, RSA/EC and encrypted tokens are refused,
 * so a token cannot choose how it is checked.
 *
 * <p>Time comes from the gateway's clock (a virtual-time scheduler in tests). Refusal reasons name what is
 * wrong and never repeat any part of the token.
 */
public final class JwtAuthenticator implements Authenticator, TokenVerifier {
    /** Allowance for clocks of the token issuer and the gateway that disagree, on {@code exp} and {@code nbf}. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Longer tokens are refused before parsing; real ones are a few hundred bytes. */
    static final int MAX_TOKEN_CHARS = 8192;

    private final MACVerifier verifier;
    private final Scheduler clock;

    /**
     * @param secret the HS256 secret ({@code auth.jwtSecret}, at least 32 bytes)
     * @param clock the gateway's time source
     */
    public JwtAuthenticator(String secret, Scheduler clock) {
        Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("jwtSecret: <hidden> (expected: >= 32 bytes)", e);
        }
    }

    @Override
    public Principal authenticate(HandshakeRequest request) {
        String token = token(request);
        try {
            return verify(token);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        }
    }

    @Override
    public boolean required() {
        return true;
    }

    /** A {@code refresh}: a valid, unexpired token for the same {@code sub}; its {@code admin} claim replaces the old one. */
    @Override
    public Principal refresh(Principal current, String token) {
        Principal fresh = verify(token);
        if (!fresh.clientId().equals(current.clientId())) {
            throw new IllegalArgumentException("the token is for another client (sub must be '" + current.clientId() + "')");
        }
        return current.refreshed(fresh.admin(), fresh.expiresAt());
    }

    @Override
    public Duration leeway() {
        return CLOCK_SKEW;
    }

    /**
     * Checks a token.
     *
     * @return the principal it names
     * @throws IllegalArgumentException with the reason when it is not acceptable
     */
    public Principal verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("missing token: send Authorization: Bearer <jwt> or ?token=<jwt>");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("token longer than " + MAX_TOKEN_CHARS + " chars");
        }
        SignedJWT jwt = signed(token);
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.HS256.equals(alg)) {
            throw new IllegalArgumentException("token algorithm " + printable(alg) + " refused (expected: HS256)");
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new IllegalArgumentException("bad token signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("malformed token claims");
        }
        return principal(claims);
    }

    private Principal principal(JWTClaimsSet claims) {
        Object sub = claims.getClaim("sub");
        if (sub == null) {
            throw new IllegalArgumentException("token has no sub claim");
        }
        if (!(sub instanceof String s) || !OpenAuthenticator.CLIENT_ID.matcher(s).matches()) {
            throw new IllegalArgumentException("token sub must be 1..64 chars of [A-Za-z0-9_.@=-]");
        }
        long now = clock.now(TimeUnit.MILLISECONDS);
        long skew = CLOCK_SKEW.toMillis();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new IllegalArgumentException("token has no exp claim");
        }
        if (now - skew >= exp.getTime()) { // (not exp + skew: no overflow for far-future exp)
            throw new IllegalArgumentException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skew < nbf.getTime()) {
            throw new IllegalArgumentException("token not valid yet (nbf)");
        }
        Object admin = claims.getClaim("admin");
        if (admin != null && !(admin instanceof Boolean)) {
            throw new IllegalArgumentException("token admin claim must be a boolean");
        }
        return new Principal(s, Boolean.TRUE.equals(admin), Instant.ofEpochMilli(exp.getTime()));
    }

    private static SignedJWT signed(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("malformed token");
        }
        if (parsed instanceof PlainJWT) {
            throw new IllegalArgumentException("unsigned token (alg none) refused (expected: HS256)");
        }
        if (parsed instanceof EncryptedJWT) {
            throw new IllegalArgumentException("encrypted token refused (expected: HS256 signed)");
        }
        if (!(parsed instanceof SignedJWT s)) {
            throw new IllegalArgumentException("malformed token");
        }
        return s;
    }

    /** The header's token, else the query's; the header wins when both are sent. */
    static String token(HandshakeRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new AuthenticationException(HttpResponseStatus.UNAUTHORIZED,
                        "Authorization header must be 'Bearer <jwt>'");
            }
            return auth.substring(7).trim();
        }
        return request.param("token");
    }

    /** An algorithm name fit for a log line: the standard names only, never arbitrary header text. */
    private static String printable(JWSAlgorithm alg) {
        if (alg == null) {
            return "(none)";
        }
        for (JWSAlgorithm known : new JWSAlgorithm[] {JWSAlgorithm.HS384, JWSAlgorithm.HS512, JWSAlgorithm.RS256,
                JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519}) {
            if (known.equals(alg)) {
                return known.getName();
            }
        }
        return "(non-standard)";
    }
}
