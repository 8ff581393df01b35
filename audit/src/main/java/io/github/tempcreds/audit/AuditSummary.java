package io.github.tempcreds.audit;

/**
 * The account's figures.
 *
 * @param users IAM users
 * @param accessKeys access keys of IAM users (active and inactive)
 * @param activeAccessKeys active access keys of IAM users
 * @param keysOlderThanMaxAge active keys older than the maximum age
 * @param usersWithoutAccessKey IAM users with no access key
 * @param consoleUsers IAM users with a console password
 * @param rootAccessKeysPresent whether the root user has an access key
 * @param rootMfaEnabled whether the root user has MFA
 */
public record AuditSummary(int users, int accessKeys, int activeAccessKeys, int keysOlderThanMaxAge,
                           int usersWithoutAccessKey, int consoleUsers, boolean rootAccessKeysPresent,
                           boolean rootMfaEnabled) {
    /**
     * The share, 0 to 100 percent, of principals (IAM users and the root user) with no long-term access key:
     * the closer to 100, the more of the account runs on temporary credentials.
     */
    public double percentWithoutLongTermKey() {
        int principals = users + 1;
        int without = usersWithoutAccessKey + (rootAccessKeysPresent ? 0 : 1);
        return 100.0 * without / principals;
    }
}
