package io.github.tempcreds.testkit.internal.sts;

import io.github.tempcreds.testkit.IssuedCredentials;
import java.util.Optional;

/**
 * Who sent a request to the fake STS: the credentials it was signed with (when known) and the region of
 * its signature scope. Internal: no compatibility promise. Holds no secret.
 */
public final class StsCaller {
    private final String principalArn;
    private final String userId;
    private final String accountId;
    private final IssuedCredentials credentials;
    private final String region;

    private StsCaller(String principalArn, String userId, String accountId, IssuedCredentials credentials,
                      String region) {
        this.principalArn = principalArn;
        this.userId = userId;
        this.accountId = accountId;
        this.credentials = credentials;
        this.region = region;
    }

    /** A caller identified by credentials from the registry. */
    public static StsCaller of(IssuedCredentials credentials, String region) {
        return new StsCaller(credentials.principalArn(), credentials.userId(), credentials.accountId(), credentials,
                region);
    }

    /** The account root, for requests that are not verified and carry no known key. */
    public static StsCaller root(String accountId, String region) {
        return new StsCaller("arn:aws:iam::" + accountId + ":root", accountId, accountId, null, region);
    }

    /** The caller ARN. */
    public String principalArn() {
        return principalArn;
    }

    /** The user id {@code GetCallerIdentity} reports. */
    public String userId() {
        return userId;
    }

    /** The account id. */
    public String accountId() {
        return accountId;
    }

    /** The credentials, when the caller used known ones. */
    public Optional<IssuedCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The region of the signature scope, or empty text. */
    public String region() {
        return region;
    }

    /** Whether the caller acts as an assumed role: a further AssumeRole is role chaining. */
    public boolean roleSession() {
        return credentials != null && credentials.kind() == IssuedCredentials.Kind.ROLE_SESSION;
    }

    @Override
    public String toString() {
        return "StsCaller(" + principalArn + ")";
    }
}
