package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.internal.SafeText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One {@code AssumeRole} step of a {@link RoleChainCredentialsProvider}: which role to assume and with
 * which request parameters.
 *
 * <p>Every setting is checked against the STS service model at {@link Builder#build()}, so a bad value
 * fails there, naming the property, and never at STS.
 *
 * <p>Immutable and thread-safe (the token-code supplier must be thread-safe). Equality covers every
 * setting; the token-code supplier compares by identity. {@link #toString()} shows neither the external
 * id nor anything of the MFA token codes.
 */
public final class RoleHop {
    private final String roleArn;
    private final String roleSessionName;
    private final String externalId;
    private final Duration duration;
    private final String policy;
    private final List<String> policyArns;
    private final Map<String, String> tags;
    private final Set<String> transitiveTagKeys;
    private final String sourceIdentity;
    private final String region;
    private final URI endpoint;
    private final String mfaSerial;
    private final Supplier<String> tokenCode;

    private RoleHop(BuilderImpl b) {
        this.roleArn = b.roleArn;
        this.roleSessionName = b.roleSessionName;
        this.externalId = b.externalId;
        this.duration = b.duration;
        this.policy = b.policy;
        this.policyArns = List.copyOf(b.policyArns);
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.transitiveTagKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.transitiveTagKeys));
        this.sourceIdentity = b.sourceIdentity;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.mfaSerial = b.mfaSerial;
        this.tokenCode = b.tokenCode;
    }

    /** A builder; {@link Builder#roleArn(String)} is required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A hop that assumes {@code roleArn} with default settings. */
    public static RoleHop of(String roleArn) {
        return builder().roleArn(roleArn).build();
    }

    /** A builder holding this hop's settings. */
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    /** The ARN of the role to assume. */
    public String roleArn() {
        return roleArn;
    }

    /** The session name, if set; otherwise the chain's default is used. */
    public Optional<String> roleSessionName() {
        return Optional.ofNullable(roleSessionName);
    }

    /** The external id the role's trust policy requires, if set. */
    public Optional<String> externalId() {
        return Optional.ofNullable(externalId);
    }

    /** The requested session duration, if set; otherwise STS's default (one hour). */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** The inline session policy (JSON), if set. */
    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    /** The ARNs of managed session policies. */
    public List<String> policyArns() {
        return policyArns;
    }

    /** The session tags, in the order they were added. */
    public Map<String, String> tags() {
        return tags;
    }

    /** The keys of the session tags that pass on to later hops. */
    public Set<String> transitiveTagKeys() {
        return transitiveTagKeys;
    }

    /** The source identity, if set. */
    public Optional<String> sourceIdentity() {
        return Optional.ofNullable(sourceIdentity);
    }

    /** The STS region for this hop, if it differs from the chain's. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The STS endpoint for this hop, if it differs from the chain's. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The MFA device serial number or ARN, if the role requires MFA. */
    public Optional<String> mfaSerial() {
        return Optional.ofNullable(mfaSerial);
    }

    /** The supplier of MFA token codes, set together with {@link #mfaSerial()}. */
    public Optional<Supplier<String>> tokenCode() {
        return Optional.ofNullable(tokenCode);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RoleHop)) {
            return false;
        }
        RoleHop h = (RoleHop) o;
        return roleArn.equals(h.roleArn) && Objects.equals(roleSessionName, h.roleSessionName)
                && Objects.equals(externalId, h.externalId) && Objects.equals(duration, h.duration)
                && Objects.equals(policy, h.policy) && policyArns.equals(h.policyArns)
                && tags.equals(h.tags) && transitiveTagKeys.equals(h.transitiveTagKeys)
                && Objects.equals(sourceIdentity, h.sourceIdentity) && Objects.equals(region, h.region)
                && Objects.equals(endpoint, h.endpoint) && Objects.equals(mfaSerial, h.mfaSerial)
                && tokenCode == h.tokenCode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(roleArn, roleSessionName, externalId, duration, policy, policyArns, tags,
                transitiveTagKeys, sourceIdentity, region, endpoint, mfaSerial,
                System.identityHashCode(tokenCode));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RoleHop(").append(roleArn);
        if (roleSessionName != null) {
            sb.append(", session=").append(roleSessionName);
        }
        if (duration != null) {
            sb.append(", duration=").append(duration);
        }
        if (externalId != null) {
            sb.append(", externalId=set");
        }
        if (mfaSerial != null) {
            sb.append(", mfaSerial=").append(mfaSerial);
        }
        if (policy != null) {
            sb.append(", policy=").append(policy.length()).append(" chars");
        }
        if (!policyArns.isEmpty()) {
            sb.append(", policyArns=").append(policyArns);
        }
        if (!tags.isEmpty()) {
            sb.append(", tags=").append(tags.keySet());
        }
        if (!transitiveTagKeys.isEmpty()) {
            sb.append(", transitiveTagKeys=").append(transitiveTagKeys);
        }
        if (sourceIdentity != null) {
            sb.append(", sourceIdentity=").append(sourceIdentity);
        }
        if (region != null) {
            sb.append(", region=").append(region);
        }
        if (endpoint != null) {
            sb.append(", endpoint=").append(endpoint);
        }
        return sb.append(')').toString();
    }

    /** Builder of a {@link RoleHop}. Not thread-safe. */
    public interface Builder {
        /** The ARN of the role to assume. Required. */
        Builder roleArn(String roleArn);

        /**
         * The session name, 2 to 64 characters of {@code [\w+=,.@-]}; default the chain's default
         * ({@code tempcreds-<epoch millis when the chain was built>}).
         */
        Builder roleSessionName(String roleSessionName);

        /** The external id the role's trust policy requires; default none. */
        Builder externalId(String externalId);

        /**
         * The session duration, whole seconds from 15 minutes to 12 hours; default none, so STS grants
         * one hour. A chained hop asking for more than one hour is clamped (or refused, see
         * {@link RoleChainCredentialsProvider.Builder#strictDurations(boolean)}).
         */
        Builder duration(Duration duration);

        /** An inline session policy (JSON, at most 2048 characters); default none. */
        Builder policy(String policy);

        /** Managed session policy ARNs, at most 10; replaces earlier ones; default none. */
        Builder policyArns(List<String> policyArns);

        /** Adds one managed session policy ARN. */
        Builder addPolicyArn(String policyArn);

        /** Session tags, at most 50; replaces earlier ones; default none. */
        Builder tags(Map<String, String> tags);

        /** Adds one session tag. */
        Builder addTag(String key, String value);

        /** Keys of session tags that pass on to later hops; each must be a tag of this hop; default none. */
        Builder transitiveTagKeys(Set<String> keys);

        /** The source identity (2 to 64 characters, not starting with {@code aws:}); default none. */
        Builder sourceIdentity(String sourceIdentity);

        /** The STS region for this hop only; default the chain's region. */
        Builder region(String region);

        /** The STS endpoint for this hop only; default the chain's endpoint. */
        Builder endpoint(URI endpoint);

        /**
         * MFA: the device serial number (or ARN) and the supplier asked for a fresh 6-digit code each
         * time this hop is assumed. Default none. Prompts for one serial are serialised across every
         * provider in the JVM, and a code is never sent twice.
         */
        Builder mfa(String serialNumber, Supplier<String> tokenCode);

        /**
         * Builds the hop.
         *
         * @throws CredentialsConfigurationException when the role ARN is missing or a setting breaks
         *         an STS constraint; the message names the property
         */
        RoleHop build();
    }

    private static final class BuilderImpl implements Builder {
        private String roleArn;
        private String roleSessionName;
        private String externalId;
        private Duration duration;
        private String policy;
        private final List<String> policyArns = new ArrayList<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Set<String> transitiveTagKeys = new LinkedHashSet<>();
        private String sourceIdentity;
        private String region;
        private URI endpoint;
        private String mfaSerial;
        private Supplier<String> tokenCode;

        BuilderImpl() {
        }

        BuilderImpl(RoleHop h) {
            roleArn = h.roleArn;
            roleSessionName = h.roleSessionName;
            externalId = h.externalId;
            duration = h.duration;
            policy = h.policy;
            policyArns.addAll(h.policyArns);
            tags.putAll(h.tags);
            transitiveTagKeys.addAll(h.transitiveTagKeys);
            sourceIdentity = h.sourceIdentity;
            region = h.region;
            endpoint = h.endpoint;
            mfaSerial = h.mfaSerial;
            tokenCode = h.tokenCode;
        }

        @Override
        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            this.roleSessionName = roleSessionName;
            return this;
        }

        @Override
        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        @Override
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        @Override
        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        @Override
        public Builder policyArns(List<String> policyArns) {
            this.policyArns.clear();
            policyArns.forEach(this::addPolicyArn);
            return this;
        }

        @Override
        public Builder addPolicyArn(String policyArn) {
            policyArns.add(Objects.requireNonNull(policyArn, "policyArn"));
            return this;
        }

        @Override
        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            tags.forEach(this::addTag);
            return this;
        }

        @Override
        public Builder addTag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public Builder transitiveTagKeys(Set<String> keys) {
            transitiveTagKeys.clear();
            transitiveTagKeys.addAll(keys);
            return this;
        }

        @Override
        public Builder sourceIdentity(String sourceIdentity) {
            this.sourceIdentity = sourceIdentity;
            return this;
        }

        @Override
        public Builder region(String region) {
            this.region = SafeText.requireNoControlCharacter("region", region);
            return this;
        }

        @Override
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        @Override
        public Builder mfa(String serialNumber, Supplier<String> tokenCode) {
            this.mfaSerial = serialNumber;
            this.tokenCode = tokenCode;
            return this;
        }

        @Override
        public RoleHop build() {
            StsValidation.roleArn(roleArn);
            if (roleSessionName != null) {
                StsValidation.sessionName("roleSessionName", roleSessionName);
            }
            if (externalId != null) {
                StsValidation.externalId(externalId);
            }
            StsValidation.sessionOptions(duration, policy, policyArns);
            if (tags.size() > StsValidation.MAX_TAGS) {
                throw CredentialsConfigurationException.of("tags holds " + tags.size()
                        + " tags; STS accepts at most " + StsValidation.MAX_TAGS);
            }
            tags.forEach((k, v) -> StsValidation.tagValue(StsValidation.tagKey(k), v));
            for (String k : transitiveTagKeys) {
                if (!tags.containsKey(k)) {
                    throw CredentialsConfigurationException.of("transitiveTagKeys names " + SafeText.quote(k)
                            + ", which is not one of this hop's tags " + tags.keySet());
                }
            }
            if (sourceIdentity != null) {
                StsValidation.sourceIdentity(sourceIdentity);
            }
            if ((mfaSerial == null) != (tokenCode == null)) {
                throw CredentialsConfigurationException.of("mfa needs both a serial number and a "
                        + "token-code supplier");
            }
            if (mfaSerial != null) {
                StsValidation.serialNumber(mfaSerial);
            }
            if (region != null && region.isBlank()) {
                throw CredentialsConfigurationException.of("region must not be blank");
            }
            return new RoleHop(this);
        }
    }
}
