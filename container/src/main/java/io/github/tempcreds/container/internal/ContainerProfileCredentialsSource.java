package io.github.tempcreds.container.internal;

import io.github.tempcreds.container.ContainerRoleCredentialsProvider;
import io.github.tempcreds.core.profile.ProfileCredentialsSource;
import io.github.tempcreds.core.profile.ProfileSourceContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The profile source {@code credential_source = EcsContainer}, found with {@link java.util.ServiceLoader}.
 * Internal: no compatibility promise.
 */
public final class ContainerProfileCredentialsSource implements ProfileCredentialsSource {
    /** The artifact that provides this source. */
    public static final String ARTIFACT = "io.github.tempcreds:tempcreds-container";

    /** Public no-argument constructor for the service loader. */
    public ContainerProfileCredentialsSource() {
    }

    @Override
    public String name() {
        return ECS_CONTAINER;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public AwsCredentialsProvider create(ProfileSourceContext context) {
        return ContainerRoleCredentialsProvider.builder().environment(context.environment()).build();
    }

    @Override
    public String toString() {
        return "ContainerProfileCredentialsSource(" + ECS_CONTAINER + ")";
    }
}
