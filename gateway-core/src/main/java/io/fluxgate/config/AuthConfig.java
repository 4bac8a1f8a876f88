package io.fluxgate.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Client and backend authentication.
 *
 * @param jwtSecret HS256 secret of at least 32 bytes; null means open mode (no client auth)
 * @param apiKeys bearer keys accepted by /api/*; empty in open mode keeps the API open on loopback only
 */
public record AuthConfig(String jwtSecret, List<String> apiKeys) {
    public AuthConfig {
        if (jwtSecret != null) {
            Checks.check(jwtSecret.getBytes(StandardCharsets.UTF_8).length >= 32, "jwtSecret",
                    "<" + jwtSecret.length() + " chars, hidden>", ">= 32 bytes");
        }
        apiKeys = List.copyOf(apiKeys);
        for (String key : apiKeys) {
            Checks.check(key.length() >= 16, "apiKeys", "<a key of " + key.length() + " chars, hidden>",
                    "keys of >= 16 chars");
        }
    }

    /** True when clients must present a JWT. */
    public boolean enabled() {
        return jwtSecret != null;
    }

    static AuthConfig defaults() {
        return new AuthConfig(null, List.of());
    }

    @Override
    public String toString() {
        return "AuthConfig[jwtSecret=" + (jwtSecret == null ? "null" : "<hidden>") + ", apiKeys=<"
                + apiKeys.size() + " hidden>]";
    }
}
