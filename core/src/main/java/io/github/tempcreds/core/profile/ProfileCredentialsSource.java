package io.github.tempcreds.core.profile;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A credential source that lives in another module (IMDS, SSO) and that profile resolution finds with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are registered in {@code META-INF/services/io.github.tempcreds.core.profile.ProfileCredentialsSource}.
 * Known names: {@value #EC2_INSTANCE_METADATA} (profile {@code credential_source = Ec2InstanceMetadata})
 * {@value #ECS_CONTAINER} (profile {@code credential_source = EcsContainer}) and {@value #SSO} (profiles with {@code sso_session} or {@code sso_start_url}).
 *
 * <p>Thread safety: implementations must be stateless and thread-safe.
 */
public interface ProfileCredentialsSource {
    /** The name for {@code credential_source = Ec2InstanceMetadata}. */
    String EC2_INSTANCE_METADATA = "Ec2InstanceMetadata";
    /** The name for {@code credential_source = EcsContainer}. */
    String ECS_CONTAINER = "EcsContainer";
    /** The name for SSO profiles. */
    String SSO = "sso";

    /** The source name this implementation serves, such as {@value #EC2_INSTANCE_METADATA}. */
    String name();

    /** The Maven artifact that provides this source, for the error when it is missing. */
    String artifact();

    /**
     * Creates a refreshing provider for the profile described by the context.
     *
     * @throws io.github.tempcreds.core.CredentialsConfigurationException when the profile is
     *         incomplete or inconsistent, naming the file, profile and key
     */
    AwsCredentialsProvider create(ProfileSourceContext context);
}
