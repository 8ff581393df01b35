package io.github.tempcreds.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every credential the fakes of one simulated AWS account issued or were seeded with, so that the fake
 * STS can verify signatures and expirations of credentials that the fake IMDS, SSO or Cognito handed
 * out (see {@code FakeAws}).
 *
 * <p>Keys are realistic in form and obviously fake in content: {@code ASIAFAKE…} and {@code AKIAFAKE…}
 * access key ids, secrets and tokens that start with {@code Fake}.
 *
 * <p>Thread-safe. Random key material comes from a {@link Random} that tests may seed.
 */
public final class CredentialRegistry {
    /** The default account id of a fake account. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final String accountId;
    private final Random random;
    private final Map<String, IssuedCredentials> byAccessKeyId = new ConcurrentHashMap<>();
    private final Map<String, KeyUse> lastUse = new ConcurrentHashMap<>();

    private CredentialRegistry(String accountId, Random random) {
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
        }
        this.accountId = accountId;
        this.random = random;
    }

    /** A registry for account {@value #DEFAULT_ACCOUNT_ID} with unseeded randomness. */
    public static CredentialRegistry create() {
        return new CredentialRegistry(DEFAULT_ACCOUNT_ID, new Random());
    }

    /** A registry for {@code accountId} whose keys derive from {@code random}. */
    public static CredentialRegistry create(String accountId, Random random) {
        return new CredentialRegistry(Objects.requireNonNull(accountId, "accountId"),
                Objects.requireNonNull(random, "random"));
    }

    /** The account id. */
    public String accountId() {
        return accountId;
    }

    /**
     * Issues temporary credentials.
     *
     * @param kind {@link IssuedCredentials.Kind#ROLE_SESSION} or {@link IssuedCredentials.Kind#USER_SESSION}
     * @param principalArn the caller ARN the session acts as
     * @param userId the user id {@code GetCallerIdentity} reports
     * @param expiration when they expire
     * @param issuer the issuing fake's name
     * @return the credentials, registered
     */
    public IssuedCredentials issueSession(IssuedCredentials.Kind kind, String principalArn, String userId,
                                          Instant expiration, String issuer) {
        if (kind == IssuedCredentials.Kind.USER) {
            throw new IllegalArgumentException("sessions are ROLE_SESSION or USER_SESSION, not USER");
        }
        Objects.requireNonNull(expiration, "expiration");
        IssuedCredentials c;
        synchronized (random) {
            c = new IssuedCredentials("ASIAFAKE" + randomString(KEY_CHARS, 12),
                    "FakeSecret" + randomString(SECRET_CHARS, 30),
                    "FakeSessionToken" + randomString(SECRET_CHARS, 180),
                    expiration, kind, accountId, principalArn, userId, issuer);
        }
        byAccessKeyId.put(c.accessKeyId(), c);
        return c;
    }

    /**
     * Issues an assumed-role session for {@code roleArn} with a session name, as STS or IMDS would.
     *
     * @return the credentials, registered
     */
    public IssuedCredentials issueRoleSession(String roleArn, String sessionName, Instant expiration,
                                              String issuer) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String arn = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
        return issueSession(IssuedCredentials.Kind.ROLE_SESSION, arn, roleId(roleArn) + ":" + sessionName,
                expiration, issuer);
    }

    /** A stable fake role id ({@code AROAFAKE…}) for a role ARN. */
    public String roleId(String roleArn) {
        return "AROAFAKE" + stableSuffix(roleArn);
    }

    /**
     * Seeds long-term user keys (as if an IAM user had them).
     *
     * @param accessKeyId an {@code AKIA…} id of 16 to 128 word characters
     * @param secretAccessKey the secret
     * @param userName the IAM user name
     * @return the credentials, registered
     */
    public IssuedCredentials seedUserKey(String accessKeyId, String secretAccessKey, String userName) {
        if (!accessKeyId.matches("\\w{16,128}")) {
            throw new IllegalArgumentException("accessKeyId must be 16..128 word characters");
        }
        IssuedCredentials c = new IssuedCredentials(accessKeyId, Objects.requireNonNull(secretAccessKey),
                null, null, IssuedCredentials.Kind.USER, accountId,
                "arn:aws:iam::" + accountId + ":user/" + userName, "AIDAFAKE" + stableSuffix(userName), "seed");
        byAccessKeyId.put(accessKeyId, c);
        return c;
    }

    /** Registers credentials issued elsewhere (another registry), so this one accepts them too. */
    public void register(IssuedCredentials credentials) {
        byAccessKeyId.put(credentials.accessKeyId(), credentials);
    }

    /** The credentials with this access key id, if issued or seeded here. */
    public Optional<IssuedCredentials> find(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    /**
     * The long-term IAM user keys ({@link IssuedCredentials.Kind#USER}) seeded here, in no particular order.
     * The fake IAM lists them as its users' access keys.
     */
    public List<IssuedCredentials> userKeys() {
        return byAccessKeyId.values().stream().filter(c -> c.kind() == IssuedCredentials.Kind.USER).toList();
    }

    /**
     * Records that a long-term key signed a request to a fake (the fakes that verify SigV4 call this), as
     * IAM's {@code GetAccessKeyLastUsed} reports it. Every use is recorded (IAM keeps the first in 15 minutes).
     */
    public void recordUse(String accessKeyId, Instant when, String service, String region) {
        lastUse.put(Objects.requireNonNull(accessKeyId, "accessKeyId"), new KeyUse(Objects.requireNonNull(when,
                "when"), Objects.requireNonNull(service, "service"), Objects.requireNonNull(region, "region")));
    }

    /** The last recorded use of a key. */
    public Optional<KeyUse> lastUse(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(lastUse.get(accessKeyId));
    }

    /** A use of a key: when, for which service, in which region. Immutable. */
    public static final class KeyUse {
        private final Instant instant;
        private final String service;
        private final String region;

        KeyUse(Instant instant, String service, String region) {
            this.instant = instant;
            this.service = service;
            this.region = region;
        }

        /** When. */
        public Instant instant() {
            return instant;
        }

        /** The SigV4 service name ({@code sts}, {@code iam}). */
        public String service() {
            return service;
        }

        /** The signing region. */
        public String region() {
            return region;
        }

        @Override
        public String toString() {
            return "KeyUse(" + instant + ", " + service + ", " + region + ")";
        }
    }

    /** Forgets credentials, as if revoked: the fake STS then answers {@code InvalidClientTokenId}. */
    public void revoke(String accessKeyId) {
        byAccessKeyId.remove(accessKeyId);
    }

    /** Random text from the registry's generator, for tokens a fake issues. */
    public String randomToken(String prefix, int length) {
        synchronized (random) {
            return prefix + randomString(SECRET_CHARS, length);
        }
    }

    private String randomString(char[] alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private static String stableSuffix(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(KEY_CHARS[(int) ((h >>> (i * 5)) & 31)]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "CredentialRegistry(account " + accountId + ", " + byAccessKeyId.size() + " credentials)";
    }
}
