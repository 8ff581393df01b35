package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS SDK for Java v2's own {@link ProfileCredentialsProvider} resolves a profile whose
 * {@code credential_process} runs this program (a separate JVM, as the SDK would run the jar) against
 * {@link FakeSts}: the SDK accepts our JSON and gets the role's temporary credentials.
 */
class CredentialProcessSdkIT {
    private static final String USER_KEY = "AKIATESTSDKUSER00001";
    private static final String ROLE = "arn:aws:iam::123456789012:role/sdk-reader";

    @TempDir
    Path dir;

    @Test
    void sdkProfileProvider_credentialProcessProfile_resolvesRoleCredentialsFromFakeSts() throws Exception {
        // The child JVM signs with the real clock, so the fake uses a ticking one.
        CredentialRegistry registry = CredentialRegistry.create();
        registry.seedUserKey(USER_KEY, "testsecret-sdk", "sdk-user");
        try (FakeSts sts = FakeSts.builder().clock(MutableClock.systemUtc()).registry(registry)
                .role(RoleSpec.builder(ROLE).trustPrincipal("arn:aws:iam::123456789012:user/sdk-user").build())
                .build().start()) {
            Path seedCredentials = dir.resolve("seed-credentials");
            Files.writeString(seedCredentials, "[seed]\naws_access_key_id = " + USER_KEY
                    + "\naws_secret_access_key = testsecret-sdk\n");
            Path emptyConfig = Files.writeString(dir.resolve("empty-config"), "");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = String.join(" ", List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "credential-process", "--role-arn", ROLE, "--source-profile", "seed",
                    "--credentials-file", seedCredentials.toString(), "--config-file", emptyConfig.toString(),
                    "--sts-endpoint", sts.url(), "--region", "us-east-1"));
            assertThat(command).doesNotContain("testsecret");
            Path config = dir.resolve("config");
            Files.writeString(config, "[profile tempcreds]\ncredential_process = " + command + "\n");
            assertThat(System.getProperty("java.class.path")).doesNotContain(" ").doesNotContain(File.pathSeparator + File.pathSeparator);

            AwsCredentials credentials;
            try (ProfileCredentialsProvider sdk = ProfileCredentialsProvider.builder()
                    .profileFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build())
                    .profileName("tempcreds").build()) {
                credentials = sdk.resolveCredentials();
            }

            assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
            IssuedCredentials issued = registry.find(credentials.accessKeyId()).orElseThrow();
            assertThat(issued.principalArn()).startsWith("arn:aws:sts::123456789012:assumed-role/sdk-reader/");
            assertThat(credentials.secretAccessKey()).isEqualTo(issued.secretAccessKey());
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo(issued.sessionToken().orElseThrow());
            // STS sends the expiration in whole seconds.
            assertThat(credentials.expirationTime().orElseThrow())
                    .isEqualTo(issued.expiration().orElseThrow().truncatedTo(ChronoUnit.SECONDS));
            assertThat(sts.journal("AssumeRole")).hasSize(1);
        }
    }
}
