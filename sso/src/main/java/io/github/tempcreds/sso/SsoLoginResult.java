package io.github.tempcreds.sso;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a finished {@link SsoDeviceLogin}: where the token was written and until when it and
 * the client registration are valid. Holds no secret. Immutable and thread-safe.
 */
public final class SsoLoginResult {
    private final Path cacheFile;
    private final Instant accessTokenExpiresAt;
    private final Instant registrationExpiresAt;
    private final boolean refreshable;

    SsoLoginResult(Path cacheFile, Instant accessTokenExpiresAt, Instant registrationExpiresAt, boolean refreshable) {
        this.cacheFile = Objects.requireNonNull(cacheFile, "cacheFile");
        this.accessTokenExpiresAt = Objects.requireNonNull(accessTokenExpiresAt, "accessTokenExpiresAt");
        this.registrationExpiresAt = registrationExpiresAt;
        this.refreshable = refreshable;
    }

    /** The token cache file written ({@code ~/.aws/sso/cache/<sha1>.json}). */
    public Path cacheFile() {
        return cacheFile;
    }

    /** When the access token expires. */
    public Instant accessTokenExpiresAt() {
        return accessTokenExpiresAt;
    }

    /** When the client registration expires, if the service said. */
    public Optional<Instant> registrationExpiresAt() {
        return Optional.ofNullable(registrationExpiresAt);
    }

    /** Whether the service returned a refresh token, so the token can be refreshed without a browser. */
    public boolean refreshable() {
        return refreshable;
    }

    @Override
    public String toString() {
        return "SsoLoginResult(" + cacheFile + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", registrationExpiresAt=" + registrationExpiresAt + ", refreshable=" + refreshable + ")";
    }
}
