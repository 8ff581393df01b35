package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.profile.ProfileCredentialsSource;
import io.github.tempcreds.core.profile.ProfileSourceContext;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The profile source {@code credential_source = Ec2InstanceMetadata}, found with {@link java.util.ServiceLoader}.
 * The provider reads the IMDS settings of the same profile. Internal: no compatibility promise.
 */
public final class ImdsProfileCredentialsSource implements ProfileCredentialsSource {
    /** The artifact that provides this source. */
    public static final String ARTIFACT = "io.github.tempcreds:tempcreds-imds";

    /** Public no-argument constructor for the service loader. */
    public ImdsProfileCredentialsSource() {
    }

    @Override
    public String name() {
        return EC2_INSTANCE_METADATA;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public AwsCredentialsProvider create(ProfileSourceContext context) {
        return ImdsCredentialsProvider.builder()
                .environment(context.environment())
                .profileName(context.profileName())
                .build();
    }

    @Override
    public String toString() {
        return "ImdsProfileCredentialsSource(" + EC2_INSTANCE_METADATA + ")";
    }
}
