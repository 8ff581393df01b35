package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Source credentials of a role chain from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 * {@code AWS_SESSION_TOKEN} (system properties {@code aws.accessKeyId}, ... first), read through the
 * {@link TempcredsEnvironment} on every call. Stateless and thread-safe; {@link #toString()} names no
 * key.
 */
final class EnvironmentKeysSource implements AwsCredentialsProvider {
    private final TempcredsEnvironment environment;
    private final String what;

    EnvironmentKeysSource(TempcredsEnvironment environment, String what) {
        this.environment = environment;
        this.what = what;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        String id = environment.setting("aws.accessKeyId", "AWS_ACCESS_KEY_ID").orElseThrow(() ->
                CredentialsNotFoundException.of(what + ": AWS_ACCESS_KEY_ID is not set"));
        String secret = environment.setting("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY").orElseThrow(() ->
                CredentialsConfigurationException.of(what + ": AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
        Optional<String> token = environment.setting("aws.sessionToken", "AWS_SESSION_TOKEN");
        return token.<AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret));
    }

    /** Whether the keys come with a session token (they are themselves a session). */
    boolean isSession() {
        return environment.setting("aws.sessionToken", "AWS_SESSION_TOKEN").isPresent();
    }

    @Override
    public String toString() {
        return "EnvironmentKeysSource(AWS_ACCESS_KEY_ID)";
    }
}
