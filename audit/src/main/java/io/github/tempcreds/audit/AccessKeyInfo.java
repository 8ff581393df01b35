package io.github.tempcreds.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One IAM user's access key as the audit saw it. The id is not a secret (the secret access key is never
 * read: IAM does not return it after creation).
 *
 * @param userName the owner
 * @param accessKeyId the key id
 * @param active whether its status is {@code Active}
 * @param created when it was created
 * @param lastUsed when it was last used, or null when never (since IAM began tracking)
 * @param lastUsedService the service of the last use, or null
 * @param lastUsedRegion the region of the last use ({@code N/A} for global services), or null
 */
public record AccessKeyInfo(String userName, String accessKeyId, boolean active, Instant created, Instant lastUsed,
                            String lastUsedService, String lastUsedRegion) {
    /** Checks the required components. */
    public AccessKeyInfo {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(created, "created");
    }

    /** When the key was last used; empty when never. */
    public Optional<Instant> lastUse() {
        return Optional.ofNullable(lastUsed);
    }

    /** Whether the key was never used. */
    public boolean neverUsed() {
        return lastUsed == null;
    }

    /** The id masked for display: {@code AKIA...WXYZ}. */
    public String maskedId() {
        return mask(accessKeyId);
    }

    /** An access key id masked for display: its first and last four characters. */
    public static String mask(String accessKeyId) {
        if (accessKeyId == null) {
            return "";
        }
        return accessKeyId.length() <= 8 ? "..." : accessKeyId.substring(0, 4) + "..."
                + accessKeyId.substring(accessKeyId.length() - 4);
    }
}
