package io.fluxgate.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/** Mints test tokens with nimbus-jose-jwt: good ones, and each kind of bad one the gateway must refuse. */
public final class Jwts {
    /** 64 bytes, so HS512 can be signed with the very same secret (to prove the algorithm itself is refused). */
    public static final String SECRET = "test-secret-0123456789abcdef-0123456789abcdef-0123456789abcdef-xy";
    public static final String OTHER_SECRET = "another-secret-0123456789abcdef-0123456789abcdef-0123456789abcd";

    private Jwts() {
    }

    /** The YAML that turns auth mode on with {@link #SECRET}. */
    public static String authYaml() {
        return "auth:\n  jwtSecret: " + SECRET + "\n";
    }

    /** Claims for {@code sub} expiring {@code ttlSeconds} after the clock's now. */
    public static JWTClaimsSet.Builder claims(String sub, Scheduler clock, long ttlSeconds) {
        long nowMs = clock.now(TimeUnit.MILLISECONDS);
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(new Date(nowMs + ttlSeconds * 1000));
    }

    public static String token(String sub, Scheduler clock, long ttlSeconds) {
        return hs256(claims(sub, clock, ttlSeconds).build(), SECRET);
    }

    public static String admin(String sub, Scheduler clock, long ttlSeconds) {
        return hs256(claims(sub, clock, ttlSeconds).claim("admin", true).build(), SECRET);
    }

    public static String hs256(JWTClaimsSet claims, String secret) {
        return sign(JWSAlgorithm.HS256, claims, secret);
    }

    public static String sign(JWSAlgorithm alg, JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** RS256 with a fresh key pair. */
    public static String rs256(JWTClaimsSet claims) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(g.generateKeyPair().getPrivate()));
            return jwt.serialize();
        } catch (JOSEException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correctly signed HS256 token whose header was then swapped for {@code alg: none} (signature kept). */
    public static String algNoneWithSignature(String token) {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        return header + token.substring(token.indexOf('.'));
    }
}
