package io.github.tempcreds.testkit;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** Child-JVM entry point for {@link FakeSsoSdkIT}: resolves a profile with the SDK's own provider. */
public final class SdkProfileSsoMain {
    private SdkProfileSsoMain() {
    }

    public static void main(String[] args) {
        try (ProfileCredentialsProvider p = ProfileCredentialsProvider.builder().profileName(args[0]).build()) {
            AwsCredentials c = p.resolveCredentials();
            System.out.println("accessKeyId=" + c.accessKeyId());
        }
    }
}
