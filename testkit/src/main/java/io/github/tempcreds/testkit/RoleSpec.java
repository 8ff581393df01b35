package io.github.tempcreds.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM role as the fake STS knows it: its ARN, who may assume it (its trust policy, simplified), its
 * maximum session duration, and what {@code AssumeRole} must carry (external id, MFA, whether session
 * tags are allowed).
 *
 * <pre>{@code
 * RoleSpec role = RoleSpec.builder("arn:aws:iam::123456789012:role/deploy")
 *         .trustPrincipal("arn:aws:iam::123456789012:user/alice")   // or trustAccount("123456789012")
 *         .maxSessionDuration(Duration.ofHours(4))
 *         .externalId("ext-1234")
 *         .mfa("arn:aws:iam::123456789012:mfa/alice", Set.of("123456", "654321"))
 *         .trustWebIdentity("https://oidc.example.test", "sts.amazonaws.com")
 *         .build();
 * }</pre>
 *
 * <p>Trust, for {@code AssumeRole}: a caller may assume the role if its ARN equals a trusted principal, or
 * it is a session of a trusted role ({@code arn:aws:iam::A:role/R} trusts every
 * {@code arn:aws:sts::A:assumed-role/R/*}), or its account is trusted ({@link Builder#trustAccount} or a
 * principal {@code arn:aws:iam::A:root}). A role with neither principal nor web identity trust trusts its
 * own account, the commonest trust policy. For {@code AssumeRoleWithWebIdentity} a role needs an explicit
 * {@link Builder#trustWebIdentity} entry whose issuer and audience match the token.
 *
 * <p>Immutable and thread-safe; the MFA code predicate must be thread-safe. Holds no secret: the external
 * id and MFA codes are not credentials, but {@link #toString()} shows neither anyway.
 */
public final class RoleSpec {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[\\w-]*:iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_ARN = Pattern.compile("arn:aws[\\w-]*:sts::(\\d{12}):assumed-role/([^/]+)/.+");
    /** The default maximum session duration, one hour. */
    public static final Duration DEFAULT_MAX_SESSION_DURATION = Duration.ofHours(1);

    private final String roleArn;
    private final String accountId;
    private final String roleName;
    private final Set<String> trustedPrincipals;
    private final Set<String> trustedAccounts;
    private final List<WebIdentityTrust> webIdentityTrust;
    private final Duration maxSessionDuration;
    private final String externalId;
    private final String mfaSerialNumber;
    private final Predicate<String> mfaCodes;
    private final boolean sessionTagsAllowed;

    private RoleSpec(BuilderImpl b) {
        this.roleArn = b.roleArn;
        this.accountId = b.accountId;
        this.roleName = b.roleName;
        Set<String> accounts = new LinkedHashSet<>(b.trustedAccounts);
        if (b.trustedPrincipals.isEmpty() && b.trustedAccounts.isEmpty() && b.webIdentityTrust.isEmpty()) {
            accounts.add(b.accountId);
        }
        this.trustedPrincipals = Set.copyOf(b.trustedPrincipals);
        this.trustedAccounts = Set.copyOf(accounts);
        this.webIdentityTrust = List.copyOf(b.webIdentityTrust);
        this.maxSessionDuration = b.maxSessionDuration;
        this.externalId = b.externalId;
        this.mfaSerialNumber = b.mfaSerialNumber;
        this.mfaCodes = b.mfaCodes;
        this.sessionTagsAllowed = b.sessionTagsAllowed;
    }

    /**
     * A builder for the role with this ARN.
     *
     * @param roleArn {@code arn:aws:iam::<12-digit account>:role/[path/]<name>}
     * @throws IllegalArgumentException if the ARN is not a role ARN
     */
    public static Builder builder(String roleArn) {
        return new BuilderImpl(roleArn);
    }

    /** A role of this ARN with the defaults: trusts its own account, one hour, no external id, no MFA. */
    public static RoleSpec of(String roleArn) {
        return builder(roleArn).build();
    }

    /** The role ARN. */
    public String roleArn() {
        return roleArn;
    }

    /** The account id in the ARN. */
    public String accountId() {
        return accountId;
    }

    /** The role name (the last path element of the ARN). */
    public String roleName() {
        return roleName;
    }

    /** The maximum session duration. */
    public Duration maxSessionDuration() {
        return maxSessionDuration;
    }

    /** The external id {@code AssumeRole} must carry, if any. */
    public Optional<String> externalId() {
        return Optional.ofNullable(externalId);
    }

    /** The serial number of the MFA device {@code AssumeRole} must name, if MFA is required. */
    public Optional<String> mfaSerialNumber() {
        return Optional.ofNullable(mfaSerialNumber);
    }

    /** Whether a token code is one the MFA device would accept now (reuse is checked by the fake STS). */
    public boolean mfaCodeValid(String tokenCode) {
        return mfaCodes != null && mfaCodes.test(tokenCode);
    }

    /** Whether {@code AssumeRole} may pass session tags ({@code sts:TagSession}). */
    public boolean sessionTagsAllowed() {
        return sessionTagsAllowed;
    }

    /** The web identity issuers and audiences the role trusts. */
    public List<WebIdentityTrust> webIdentityTrust() {
        return webIdentityTrust;
    }

    /**
     * Whether the trust policy lets this principal call {@code AssumeRole}.
     *
     * @param principalArn the caller's ARN (user, assumed-role session or account root)
     * @param callerAccountId the caller's account
     */
    public boolean trusts(String principalArn, String callerAccountId) {
        if (trustedAccounts.contains(callerAccountId) || trustedPrincipals.contains(principalArn)
                || trustedPrincipals.contains("arn:aws:iam::" + callerAccountId + ":root")) {
            return true;
        }
        Matcher session = SESSION_ARN.matcher(principalArn);
        if (session.matches()) {
            for (String trusted : trustedPrincipals) {
                Matcher role = ROLE_ARN.matcher(trusted);
                if (role.matches() && role.group(1).equals(session.group(1)) && role.group(2).equals(session.group(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the role trusts web identity tokens of {@code issuer} for one of {@code audiences}. */
    public boolean trustsWebIdentity(String issuer, Collection<String> audiences) {
        for (WebIdentityTrust t : webIdentityTrust) {
            if (t.issuer().equals(issuer) && audiences.contains(t.audience())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RoleSpec(" + roleArn + ", max " + maxSessionDuration
                + (externalId != null ? ", external id required" : "")
                + (mfaSerialNumber != null ? ", MFA " + mfaSerialNumber : "")
                + (sessionTagsAllowed ? "" : ", no session tags") + ")";
    }

    /** A web identity trust entry: tokens of this issuer for this audience may assume the role. */
    public static final class WebIdentityTrust {
        private final String issuer;
        private final String audience;

        WebIdentityTrust(String issuer, String audience) {
            this.issuer = issuer;
            this.audience = audience;
        }

        /** The issuer URL ({@code iss}). */
        public String issuer() {
            return issuer;
        }

        /** The audience ({@code aud}) a token must have. */
        public String audience() {
            return audience;
        }

        @Override
        public String toString() {
            return issuer + " for " + audience;
        }
    }

    /** Builds a {@link RoleSpec}. Not thread-safe. */
    public interface Builder {
        /**
         * Trusts a principal: an IAM user ARN, a role ARN (its sessions may assume: role chaining) or
         * {@code arn:aws:iam::<account>:root} (the whole account). May be called repeatedly.
         */
        Builder trustPrincipal(String principalArn);

        /** Trusts every principal of an account. May be called repeatedly. */
        Builder trustAccount(String accountId);

        /**
         * Trusts web identity tokens from {@code issuerUrl} whose audience contains {@code audience}, for
         * {@code AssumeRoleWithWebIdentity}. May be called repeatedly.
         */
        Builder trustWebIdentity(String issuerUrl, String audience);

        /**
         * The maximum session duration, 1 to 12 hours. Default {@link #DEFAULT_MAX_SESSION_DURATION}.
         *
         * @throws IllegalArgumentException if outside 1..12 hours or not whole seconds
         */
        Builder maxSessionDuration(Duration maxSessionDuration);

        /**
         * Requires {@code AssumeRole} to carry this {@code ExternalId}. Default: none required.
         *
         * @throws IllegalArgumentException if not 2..1224 characters of {@code [\w+=,.@:/-]}
         */
        Builder externalId(String externalId);

        /**
         * Requires MFA: {@code AssumeRole} must carry this {@code SerialNumber} and a {@code TokenCode} the
         * predicate accepts; the fake STS refuses a code that was already used with this device. Default: no
         * MFA.
         */
        Builder mfa(String serialNumber, Predicate<String> validCodes);

        /** Requires MFA with a fixed set of valid codes (each usable once). */
        Builder mfa(String serialNumber, Collection<String> validCodes);

        /** Whether {@code AssumeRole} may pass session tags. Default {@code true}. */
        Builder sessionTags(boolean allowed);

        /** Builds the role. */
        RoleSpec build();
    }

    private static final class BuilderImpl implements Builder {
        private final String roleArn;
        private final String accountId;
        private final String roleName;
        private final Set<String> trustedPrincipals = new LinkedHashSet<>();
        private final Set<String> trustedAccounts = new LinkedHashSet<>();
        private final List<WebIdentityTrust> webIdentityTrust = new ArrayList<>();
        private Duration maxSessionDuration = DEFAULT_MAX_SESSION_DURATION;
        private String externalId;
        private String mfaSerialNumber;
        private Predicate<String> mfaCodes;
        private boolean sessionTagsAllowed = true;

        BuilderImpl(String roleArn) {
            Matcher m = ROLE_ARN.matcher(Objects.requireNonNull(roleArn, "roleArn"));
            if (!m.matches()) {
                throw new IllegalArgumentException("roleArn must look like arn:aws:iam::123456789012:role/Name, was "
                        + roleArn);
            }
            this.roleArn = roleArn;
            this.accountId = m.group(1);
            this.roleName = m.group(2);
        }

        @Override
        public Builder trustPrincipal(String principalArn) {
            if (!Objects.requireNonNull(principalArn, "principalArn").startsWith("arn:")) {
                throw new IllegalArgumentException("principalArn must be an ARN, was " + principalArn);
            }
            trustedPrincipals.add(principalArn);
            return this;
        }

        @Override
        public Builder trustAccount(String accountId) {
            if (!Objects.requireNonNull(accountId, "accountId").matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
            }
            trustedAccounts.add(accountId);
            return this;
        }

        @Override
        public Builder trustWebIdentity(String issuerUrl, String audience) {
            webIdentityTrust.add(new WebIdentityTrust(Objects.requireNonNull(issuerUrl, "issuerUrl"),
                    Objects.requireNonNull(audience, "audience")));
            return this;
        }

        @Override
        public Builder maxSessionDuration(Duration d) {
            Objects.requireNonNull(d, "maxSessionDuration");
            if (d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(Duration.ofHours(12)) > 0 || d.getNano() != 0) {
                throw new IllegalArgumentException("maxSessionDuration must be whole seconds from 1 to 12 hours, was "
                        + d);
            }
            this.maxSessionDuration = d;
            return this;
        }

        @Override
        public Builder externalId(String externalId) {
            if (!Objects.requireNonNull(externalId, "externalId").matches("[\\w+=,.@:/-]{2,1224}")) {
                throw new IllegalArgumentException("externalId must be 2..1224 characters of [\\w+=,.@:/-]");
            }
            this.externalId = externalId;
            return this;
        }

        @Override
        public Builder mfa(String serialNumber, Predicate<String> validCodes) {
            if (!Objects.requireNonNull(serialNumber, "serialNumber").matches("[\\w+=/:,.@-]{9,256}")) {
                throw new IllegalArgumentException("serialNumber must be 9..256 characters of [\\w+=/:,.@-], was "
                        + serialNumber);
            }
            this.mfaSerialNumber = serialNumber;
            this.mfaCodes = Objects.requireNonNull(validCodes, "validCodes");
            return this;
        }

        @Override
        public Builder mfa(String serialNumber, Collection<String> validCodes) {
            Set<String> codes = Set.copyOf(validCodes);
            return mfa(serialNumber, codes::contains);
        }

        @Override
        public Builder sessionTags(boolean allowed) {
            this.sessionTagsAllowed = allowed;
            return this;
        }

        @Override
        public RoleSpec build() {
            return new RoleSpec(this);
        }
    }
}
