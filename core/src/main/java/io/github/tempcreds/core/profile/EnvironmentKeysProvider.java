package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * {@code credential_source = Environment}: keys from {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} (system properties {@code aws.accessKeyId},
 * {@code aws.secretAccessKey}, {@code aws.sessionToken} first), read through the environment on every
 * call.
 *
 * <p>Stateless and thread-safe.
 */
final class EnvironmentKeysProvider implements AwsCredentialsProvider {
    static final String MISSING = "Profile %s has credential_source = Environment, but %s is not set";

    private final String profile;
    private final TempcredsEnvironment environment;

    EnvironmentKeysProvider(String profile, TempcredsEnvironment environment) {
        this.profile = profile;
        this.environment = environment;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        String id = environment.setting("aws.accessKeyId", "AWS_ACCESS_KEY_ID").orElseThrow(() ->
                CredentialsConfigurationException.newBuilder().source("profile")
                        .message(String.format(MISSING, ProfilePlanner.q(profile), "AWS_ACCESS_KEY_ID")).build());
        String secret = environment.setting("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY").orElseThrow(() ->
                CredentialsConfigurationException.newBuilder().source("profile")
                        .message(String.format(MISSING, ProfilePlanner.q(profile), "AWS_SECRET_ACCESS_KEY")).build());
        return environment.setting("aws.sessionToken", "AWS_SESSION_TOKEN")
                .<AwsCredentials>map(t -> AwsSessionCredentials.builder().accessKeyId(id).secretAccessKey(secret)
                        .sessionToken(t).providerName("tempcreds-environment").build())
                .orElseGet(() -> AwsBasicCredentials.builder().accessKeyId(id).secretAccessKey(secret)
                        .providerName("tempcreds-environment").build());
    }

    @Override
    public String toString() {
        return "EnvironmentKeysProvider(credential_source of [" + profile + "])";
    }
}
