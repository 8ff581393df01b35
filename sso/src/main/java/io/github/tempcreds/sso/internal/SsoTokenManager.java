package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.ClientFailures;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.SsoOidcException;

/**
 * Hands out a usable SSO access token from the token cache file, refreshing it ahead of expiry with the
 * SSO-OIDC {@code refresh_token} grant and writing the result back.
 *
 * <p>Rules: a token is refreshed once less than the refresh window is left, only for
 * {@code sso_session} profiles, only when the file has a refresh token, client id and secret and an
 * unexpired {@code registrationExpiresAt}. After a failed refresh no new attempt is made for the
 * throttle period. A token that could not be refreshed is still used while it is valid. The refresh
 * runs under the file's cross-process lock, and the file is re-read once the lock is held: a token
 * that another process (or provider) refreshed meanwhile is used instead of refreshing again.
 *
 * <p>When the refreshed token cannot be written back (a full disk, a read-only directory), it is kept in
 * memory and used, with its new refresh token, until a later write succeeds: the refresh token the file
 * still holds has been spent, so going back to it would log the user out.
 *
 * <p>Concurrency: {@link #accessToken()} is {@code synchronized}; {@code throttledUntil},
 * {@code lastFailure} and {@code unsaved} are guarded by this object's monitor. The file lock is taken inside the monitor
 * (lock order: this, then the file's JVM lock, then the OS lock). No callbacks run under either.
 */
public final class SsoTokenManager {
    private static final Logger LOG = LoggerFactory.getLogger(SsoTokenManager.class);
    /** A token with less than this left is not sent to the portal. */
    static final Duration TOKEN_MIN_VALIDITY = Duration.ofSeconds(30);

    private final SsoSettings settings;
    private final TokenCacheFile file;
    private final Supplier<SsoOidcClient> oidc;
    private final Clock clock;
    private final Duration refreshWindow;
    private final Duration throttle;
    private Instant throttledUntil;
    private CredentialsException lastFailure;
    /** A refreshed entry the file could not take; used until the file holds it or something newer. */
    private TokenCacheEntry unsaved;

    public SsoTokenManager(SsoSettings settings, TokenCacheFile file, Supplier<SsoOidcClient> oidc, Clock clock,
                           Duration refreshWindow, Duration throttle) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.file = Objects.requireNonNull(file, "file");
        this.oidc = Objects.requireNonNull(oidc, "oidc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshWindow = Objects.requireNonNull(refreshWindow, "refreshWindow");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** The cache file. */
    public TokenCacheFile file() {
        return file;
    }

    /**
     * A usable access token, refreshed first if it is due and can be.
     *
     * @throws CredentialsConfigurationException when a person must log in again (no token, expired and
     *         not refreshable, registration expired, refresh rejected) or the file is corrupt
     * @throws CredentialsRetrievalException when the file cannot be read or a refresh failed for a
     *         reason that may pass (network, throttling, 5xx) and the token has expired
     */
    public synchronized String accessToken() {
        Instant now = clock.instant();
        TokenCacheEntry entry = read();
        if (!refreshDue(entry, now)) {
            return entry.accessToken();
        }
        String refusal = refusal(entry, now);
        if (refusal != null) {
            return usableOrThrow(entry, now, refusal);
        }
        if (throttledUntil != null && now.isBefore(throttledUntil)) {
            if (usable(entry, now)) {
                return entry.accessToken();
            }
            throw throttled(entry);
        }
        try {
            return refreshUnderLock(entry.accessToken());
        } catch (CredentialsException e) {
            throttledUntil = clock.instant().plus(throttle);
            lastFailure = e;
            if (usable(entry, clock.instant())) {
                LOG.debug("SSO token refresh for {} failed; the cached token is valid until {}: {}",
                        settings.label(), entry.expiresAt(), e.getMessage());
                return entry.accessToken();
            }
            throw e;
        }
    }

    private String refreshUnderLock(String tokenSeen) {
        try {
            return file.withLock(() -> {
                Instant now = clock.instant();
                TokenCacheEntry current = read();
                if (!refreshDue(current, now) || (!current.accessToken().equals(tokenSeen) && usable(current, now))) {
                    LOG.debug(SsoMessages.LOG_REFRESHED_ELSEWHERE, settings.label());
                    return current.accessToken();
                }
                String refusal = refusal(current, now);
                if (refusal != null) {
                    return usableOrThrow(current, now, refusal);
                }
                CreateTokenResponse r = createToken(current);
                Instant expiresAt = clock.instant().plusSeconds(r.expiresIn() == null ? 0 : r.expiresIn());
                if (r.accessToken() == null || r.expiresIn() == null) {
                    throw CredentialsRetrievalException.newBuilder().source(source())
                            .message(String.format(SsoMessages.REFRESH_FAILED, settings.label(),
                                    "CreateToken answered without accessToken or expiresIn", current.expiresAt(),
                                    clock.instant().plus(throttle))).build();
                }
                TokenCacheEntry updated = current.withDefaults(settings.startUrl(), settings.region())
                        .refreshed(r.accessToken(), expiresAt, r.refreshToken());
                save(updated);
                LOG.debug(SsoMessages.LOG_REFRESHED, settings.label(), expiresAt);
                return updated.accessToken();
            });
        } catch (IOException e) {
            throw CredentialsRetrievalException.newBuilder().source(source()).cause(e)
                    .message(String.format(SsoMessages.CACHE_UNREADABLE, file + ".lock", e)).build();
        }
    }

    /** Writes the entry; on failure keeps it in memory (one WARN per failure streak). Call under the lock. */
    private void save(TokenCacheEntry updated) {
        try {
            file.write(updated);
            if (unsaved != null) {
                LOG.info(SsoMessages.CACHE_WRITTEN_AGAIN, file);
            }
            unsaved = null;
        } catch (IOException e) {
            if (unsaved == null) {
                LOG.warn(String.format(SsoMessages.CACHE_UNWRITABLE_KEPT, file, e, settings.loginCommand()));
            } else {
                LOG.debug("SSO token cache file {} still cannot be written: {}", file, e.toString());
            }
            unsaved = updated;
        }
    }

    private CreateTokenResponse createToken(TokenCacheEntry e) {
        SsoOidcClient client = oidc.get();
        try {
            return client.createToken(b -> b.grantType("refresh_token").clientId(e.clientId())
                    .clientSecret(e.clientSecret()).refreshToken(e.refreshToken()));
        } catch (SsoOidcException ex) {
            String code = ex.awsErrorDetails() == null ? null : ex.awsErrorDetails().errorCode();
            int status = ex.statusCode();
            String what = (code == null ? "HTTP " + status : code + ", HTTP " + status);
            if (status >= 400 && status < 500 && status != 429 && !ex.isThrottlingException()) {
                CredentialsConfigurationException c = CredentialsConfigurationException.newBuilder()
                        .source(source()).cause(ex).expiredAt(e.expiresAt())
                        .message(String.format(SsoMessages.REFRESH_REJECTED, settings.label(), what,
                                settings.loginCommand())).build();
                LOG.warn(SsoMessages.LOG_REFRESH_REJECTED, c.getMessage());
                throw c;
            }
            throw refreshFailed(e, what, ex);
        } catch (SdkServiceException ex) {
            throw refreshFailed(e, "HTTP " + ex.statusCode(), ex);
        } catch (SdkClientException ex) {
            throw refreshFailed(e, SsoClientFailure.of(ex, "SSO-OIDC", "CreateToken", SsoClientFailure.endpoint(client,
                    "https://oidc." + settings.region() + ".amazonaws.com")).text(), ex);
        }
    }

    private CredentialsRetrievalException refreshFailed(TokenCacheEntry e, String what, Exception cause) {
        Instant next = clock.instant().plus(throttle);
        return CredentialsRetrievalException.newBuilder().source(source()).cause(ClientFailures.safeCause(cause))
                .expiredAt(e.expiresAt()).nextAttempt(next).message(String.format(SsoMessages.REFRESH_FAILED, settings.label(), what,
                        e.expiresAt(), next)).build();
    }

    private CredentialsException throttled(TokenCacheEntry e) {
        CredentialsException last = lastFailure;
        if (last instanceof CredentialsConfigurationException) {
            return CredentialsConfigurationException.newBuilder().source(source()).cause(last)
                    .expiredAt(e.expiresAt()).nextAttempt(throttledUntil).message(last.getMessage()).build();
        }
        return CredentialsRetrievalException.newBuilder().source(source()).cause(last).expiredAt(e.expiresAt())
                .nextAttempt(throttledUntil).message(String.format(SsoMessages.REFRESH_FAILED, settings.label(),
                        "the last attempt failed; attempts are throttled", e.expiresAt(), throttledUntil)).build();
    }

    /** Why the entry cannot be refreshed, or {@code null} when it can. */
    private String refusal(TokenCacheEntry e, Instant now) {
        if (settings.legacy()) {
            return "legacy profiles (sso_start_url in the profile, no sso_session) are never refreshed";
        }
        if (!e.hasRefreshMaterial()) {
            return "the cache file has no refresh token, client id or client secret";
        }
        if (e.registrationExpiresAt() == null) {
            return "the cache file has no registrationExpiresAt";
        }
        if (!now.isBefore(e.registrationExpiresAt())) {
            return "registration";
        }
        return null;
    }

    private String usableOrThrow(TokenCacheEntry e, Instant now, String refusal) {
        if (usable(e, now)) {
            return e.accessToken();
        }
        String message = "registration".equals(refusal)
                ? String.format(SsoMessages.REGISTRATION_EXPIRED, settings.label(), e.registrationExpiresAt(),
                        e.expiresAt(), settings.loginCommand())
                : String.format(SsoMessages.EXPIRED_NOT_REFRESHABLE, settings.label(), e.expiresAt(), refusal,
                        settings.loginCommand());
        throw CredentialsConfigurationException.newBuilder().source(source()).expiredAt(e.expiresAt())
                .message(message).build();
    }

    private boolean refreshDue(TokenCacheEntry e, Instant now) {
        return !now.isBefore(e.expiresAt().minus(refreshWindow));
    }

    private static boolean usable(TokenCacheEntry e, Instant now) {
        return now.plus(TOKEN_MIN_VALIDITY).isBefore(e.expiresAt());
    }

    private TokenCacheEntry read() {
        Optional<TokenCacheEntry> e;
        try {
            e = file.read();
        } catch (TokenCacheEntry.MalformedException m) {
            if (unsaved != null) {
                return unsaved;
            }
            throw CredentialsConfigurationException.newBuilder().source(source())
                    .message(String.format(SsoMessages.CACHE_CORRUPT, file, m.getMessage(), settings.loginCommand()))
                    .build();
        } catch (IOException io) {
            if (unsaved != null) {
                return unsaved;
            }
            throw CredentialsRetrievalException.newBuilder().source(source()).cause(io)
                    .message(String.format(SsoMessages.CACHE_UNREADABLE, file, io)).build();
        }
        if (unsaved != null) {
            if (e.isEmpty() || e.get().expiresAt().isBefore(unsaved.expiresAt())) {
                return unsaved;
            }
            unsaved = null; // the file holds something newer: another program refreshed, or the user logged in
        }
        return e.orElseThrow(() -> CredentialsConfigurationException.newBuilder().source(source())
                .message(String.format(SsoMessages.NO_CACHED_TOKEN, settings.label(), file, settings.loginCommand()))
                .build());
    }

    private static String source() {
        return "sso";
    }

    @Override
    public String toString() {
        return "SsoTokenManager(" + settings.label() + ", file=" + file + ")";
    }
}
