package io.github.tempcreds.testkit;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * Child-JVM entry point for {@link LauncherInteropIT}: the SDK's own web identity provider, configured
 * only by the environment ({@code AWS_WEB_IDENTITY_TOKEN_FILE}, {@code AWS_ROLE_ARN},
 * {@code AWS_ENDPOINT_URL_STS}) as in a pod or a CI job.
 */
public final class SdkWebIdentityMain {
    private SdkWebIdentityMain() {
    }

    public static void main(String[] args) {
        try (WebIdentityTokenFileCredentialsProvider p = WebIdentityTokenFileCredentialsProvider.create()) {
            AwsCredentials c = p.resolveCredentials();
            System.out.println("accessKeyId=" + c.accessKeyId());
        }
    }
}
