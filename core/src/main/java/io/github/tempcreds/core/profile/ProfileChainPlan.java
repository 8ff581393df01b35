package io.github.tempcreds.core.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a profile resolves to, before anything is called: a source of credentials, then zero or more
 * {@code AssumeRole} hops, in order. For tools such as a doctor program that explain a configuration.
 *
 * <p>Holds no secrets: static keys are represented by their access key id only. Immutable and
 * thread-safe.
 */
public final class ProfileChainPlan {
    /** Where the credentials at the root of the chain come from. */
    public enum SourceKind {
        /** {@code aws_access_key_id}/{@code aws_secret_access_key} in a profile. */
        STATIC_KEYS,
        /** {@code credential_source = Environment}: the {@code AWS_ACCESS_KEY_ID} variables. */
        ENVIRONMENT,
        /** {@code credential_source = Ec2InstanceMetadata}: the {@code tempcreds-imds} module. */
        EC2_INSTANCE_METADATA,
        /** {@code credential_source = EcsContainer}: the container credentials source (module tempcreds-container). */
        ECS_CONTAINER,
        /** {@code role_arn} with {@code web_identity_token_file}: {@code AssumeRoleWithWebIdentity}. */
        WEB_IDENTITY,
        /** {@code sso_session} or {@code sso_start_url}: the {@code tempcreds-sso} module. */
        SSO,
        /** {@code credential_process}: the SDK's process credentials provider. */
        PROCESS
    }

    private final String profileName;
    private final Path configFile;
    private final Path credentialsFile;
    private final Source source;
    private final List<Hop> hops;
    private final String region;

    ProfileChainPlan(String profileName, Path configFile, Path credentialsFile, Source source, List<Hop> hops,
                     String region) {
        this.profileName = profileName;
        this.configFile = configFile;
        this.credentialsFile = credentialsFile;
        this.source = source;
        this.hops = List.copyOf(hops);
        this.region = region;
    }

    /** The profile that was resolved. */
    public String profileName() {
        return profileName;
    }

    /** The config file read. */
    public Path configFile() {
        return configFile;
    }

    /** The credentials file read. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** The root of the chain. */
    public Source source() {
        return source;
    }

    /** The {@code AssumeRole} hops after the source, first to last; empty when the profile assumes no role. */
    public List<Hop> hops() {
        return hops;
    }

    /** The {@code region} of the resolved profile, if set. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The plan on one line, e.g. {@code static keys of [base] -> arn:…:role/a (session s) -> arn:…:role/b}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("profile ").append(profileName).append(": ").append(source);
        for (Hop h : hops) {
            sb.append(" -> ").append(h);
        }
        return sb.toString();
    }

    /** The root of a chain. */
    public static final class Source {
        private final SourceKind kind;
        private final String profileName;
        private final String detail;
        private final String roleArn;
        private final String roleSessionName;
        final Map<String, String> properties;

        Source(SourceKind kind, String profileName, String detail, String roleArn, String roleSessionName,
               Map<String, String> properties) {
            this.kind = kind;
            this.profileName = profileName;
            this.detail = detail;
            this.roleArn = roleArn;
            this.roleSessionName = roleSessionName;
            this.properties = properties;
        }

        /** What kind of source. */
        public SourceKind kind() {
            return kind;
        }

        /** The profile that defines the source. */
        public String profileName() {
            return profileName;
        }

        /**
         * A non-secret detail: the access key id of static keys, the token file of web identity, the
         * {@code sso_session} name, the command of a process.
         */
        public Optional<String> detail() {
            return Optional.ofNullable(detail);
        }

        /** The role of a web identity source. */
        public Optional<String> roleArn() {
            return Optional.ofNullable(roleArn);
        }

        /** The session name of a web identity source, if the profile sets one. */
        public Optional<String> roleSessionName() {
            return Optional.ofNullable(roleSessionName);
        }

        @Override
        public String toString() {
            switch (kind) {
                case STATIC_KEYS:
                    return "static keys " + detail + " of [" + profileName + "]";
                case ENVIRONMENT:
                    return "environment variables (credential_source of [" + profileName + "])";
                case EC2_INSTANCE_METADATA:
                    return "EC2 instance metadata (credential_source of [" + profileName + "])";
                case ECS_CONTAINER:
                    return "ECS container credentials (credential_source of [" + profileName + "])";
                case WEB_IDENTITY:
                    return "web identity " + detail + " -> " + roleArn
                            + (roleSessionName == null ? "" : " (session " + roleSessionName + ")");
                case SSO:
                    return "SSO of [" + profileName + "]" + (detail == null ? "" : " (" + detail + ")");
                default:
                    return "credential_process of [" + profileName + "]";
            }
        }
    }

    /** One {@code AssumeRole} hop, from one profile's {@code role_arn}. */
    public static final class Hop {
        private final String profileName;
        private final String roleArn;
        private final String roleSessionName;
        final String externalId;
        private final String mfaSerial;
        private final Duration duration;

        Hop(String profileName, String roleArn, String roleSessionName, String externalId, String mfaSerial,
            Duration duration) {
            this.profileName = Objects.requireNonNull(profileName);
            this.roleArn = Objects.requireNonNull(roleArn);
            this.roleSessionName = roleSessionName;
            this.externalId = externalId;
            this.mfaSerial = mfaSerial;
            this.duration = duration;
        }

        /** The profile whose {@code role_arn} this is. */
        public String profileName() {
            return profileName;
        }

        /** The role to assume. */
        public String roleArn() {
            return roleArn;
        }

        /** The profile's {@code role_session_name}, if set. */
        public Optional<String> roleSessionName() {
            return Optional.ofNullable(roleSessionName);
        }

        /** Whether the profile sets {@code external_id}. */
        public boolean hasExternalId() {
            return externalId != null;
        }

        /** The profile's {@code mfa_serial}, if set. */
        public Optional<String> mfaSerial() {
            return Optional.ofNullable(mfaSerial);
        }

        /** The profile's {@code duration_seconds}, if set. */
        public Optional<Duration> duration() {
            return Optional.ofNullable(duration);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(roleArn).append(" [").append(profileName).append(']');
            if (roleSessionName != null) {
                sb.append(" (session ").append(roleSessionName).append(')');
            }
            if (mfaSerial != null) {
                sb.append(" mfa ").append(mfaSerial);
            }
            if (externalId != null) {
                sb.append(" external id");
            }
            if (duration != null) {
                sb.append(' ').append(duration);
            }
            return sb.toString();
        }
    }
}
