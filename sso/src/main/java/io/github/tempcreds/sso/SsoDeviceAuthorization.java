package io.github.tempcreds.sso;

import java.time.Instant;
import java.util.Objects;

/**
 * A started device authorization, for the person who must approve it: open {@link #verificationUri()}
 * and enter {@link #userCode()}, or open {@link #verificationUriComplete()}.
 *
 * <p>The user code is meant to be shown on screen; the device code, which is a secret, is not here.
 * Immutable and thread-safe.
 */
public final class SsoDeviceAuthorization {
    private final String verificationUri;
    private final String verificationUriComplete;
    private final String userCode;
    private final Instant expiresAt;

    SsoDeviceAuthorization(String verificationUri, String verificationUriComplete, String userCode,
                           Instant expiresAt) {
        this.verificationUri = Objects.requireNonNull(verificationUri, "verificationUri");
        this.verificationUriComplete = verificationUriComplete;
        this.userCode = Objects.requireNonNull(userCode, "userCode");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Where the person enters the user code. */
    public String verificationUri() {
        return verificationUri;
    }

    /** The verification URI with the user code filled in; may be {@code null} if the service sent none. */
    public String verificationUriComplete() {
        return verificationUriComplete;
    }

    /** The code the person confirms, such as {@code ABCD-EFGH}. */
    public String userCode() {
        return userCode;
    }

    /** When the authorization expires if not approved. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "SsoDeviceAuthorization(" + verificationUri + ", userCode=" + userCode + ", expiresAt=" + expiresAt + ")";
    }
}
