package io.github.tempcreds.testkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials a fake issued (or was seeded with): the keys, who they belong to, and until when.
 *
 * <p>Holds secrets, so it is not a record and {@link #toString()} shows only the access key id, the
 * principal and the expiration. Immutable and thread-safe.
 */
public final class IssuedCredentials {
    /** What kind of principal the credentials act as. */
    public enum Kind {
        /** Long-term IAM user keys ({@code AKIA…}), no session token, no expiration. */
        USER,
        /** An assumed-role session ({@code ASIA…}): assuming another role from it is role chaining. */
        ROLE_SESSION,
        /** A session of an IAM user from {@code GetSessionToken} ({@code ASIA…}). */
        USER_SESSION
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final Instant expiration;
    private final Kind kind;
    private final String accountId;
    private final String principalArn;
    private final String userId;
    private final String issuer;

    IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                      Kind kind, String accountId, String principalArn, String userId, String issuer) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.sessionToken = sessionToken;
        this.expiration = expiration;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.principalArn = Objects.requireNonNull(principalArn, "principalArn");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The access key id ({@code ASIA…} for sessions, {@code AKIA…} for user keys). */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The secret access key. A secret: never log it. */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The session token; empty for long-term user keys. A secret: never log it. */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /** When the credentials expire; empty for long-term user keys. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** What kind of principal they act as. */
    public Kind kind() {
        return kind;
    }

    /** The 12-digit account id. */
    public String accountId() {
        return accountId;
    }

    /**
     * The caller ARN {@code GetCallerIdentity} reports, e.g.
     * {@code arn:aws:sts::123456789012:assumed-role/Role/session} or {@code arn:aws:iam::123456789012:user/alice}.
     */
    public String principalArn() {
        return principalArn;
    }

    /** The user id {@code GetCallerIdentity} reports, e.g. {@code AROAFAKE…:session} or {@code AIDAFAKE…}. */
    public String userId() {
        return userId;
    }

    /** Which fake issued them ({@code sts}, {@code imds}, {@code sso}, {@code cognito}, {@code seed}). */
    public String issuer() {
        return issuer;
    }

    /** Whether they have expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    @Override
    public String toString() {
        return "IssuedCredentials(" + accessKeyId + ", " + kind + ", " + principalArn
                + (expiration == null ? "" : ", expires " + expiration) + ", by " + issuer + ")";
    }
}
