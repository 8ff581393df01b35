package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataClientException;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * The SDK's own IMDS client and instance-profile provider (IMDSv1 disabled) against {@link FakeImds}.
 *
 * <p>Surefire sets {@code AWS_EC2_METADATA_DISABLED=true} for every test; the system properties below take
 * precedence over it in the SDK, and are restored afterwards.
 */
class FakeImdsSdkIT {
    private static String oldDisabled;
    private static String oldV1Disabled;

    private final MutableClock clock = MutableClock.systemUtc();
    private FakeImds imds;
    private Ec2MetadataClient client;

    @BeforeAll
    static void enableImdsInTheSdk() {
        oldDisabled = System.setProperty("aws.disableEc2Metadata", "false");
        oldV1Disabled = System.setProperty("aws.disableEc2MetadataV1", "true");
    }

    @AfterAll
    static void restore() {
        restore("aws.disableEc2Metadata", oldDisabled);
        restore("aws.disableEc2MetadataV1", oldV1Disabled);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).build().start();
        client = Ec2MetadataClient.builder().endpoint(URI.create(imds.url()))
                .httpClient(UrlConnectionHttpClient.create())
                .retryPolicy(Ec2MetadataRetryPolicy.builder().numRetries(1).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        imds.close();
    }

    private InstanceProfileCredentialsProvider sdkProvider() {
        return InstanceProfileCredentialsProvider.builder().endpoint(imds.url()).build();
    }

    @Test
    void ec2MetadataClient_readsRoleAndCredentialsDocuments() {
        String role = client.get("/latest/meta-data/iam/security-credentials/").asString();
        assertThat(role).isEqualTo("demo-role");
        var doc = client.get("/latest/meta-data/iam/security-credentials-extended/demo-role").asDocument();
        assertThat(doc.asMap().get("AccessKeyId").asString()).isEqualTo(imds.currentCredentials().accessKeyId());
        assertThat(doc.asMap().get("AccountId").asString()).isEqualTo(CredentialRegistry.DEFAULT_ACCOUNT_ID);
        assertThat(doc.asMap().get("Code").asString()).isEqualTo("Success");
        assertThat(imds.tokensIssued()).isEqualTo(1);
        assertThat(imds.journal()).filteredOn(r -> r.method().equals("GET"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).isPresent());
    }

    @Test
    void ec2MetadataClient_documentedErrorsSurfaceWithTheirStatus() {
        assertThatThrownBy(() -> client.get("/latest/meta-data/no-such-thing"))
                .isInstanceOfSatisfying(Ec2MetadataClientException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        imds.extendedPath(false);
        assertThatThrownBy(() -> client.get("/latest/meta-data/iam/security-credentials-extended/demo-role"))
                .isInstanceOfSatisfying(Ec2MetadataClientException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        imds.inject(Fault.throttle().times(1).onOperation("ListRoles"));
        assertThatThrownBy(() -> client.get("/latest/meta-data/iam/security-credentials/"))
                .isInstanceOfSatisfying(Ec2MetadataClientException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        imds.inject(Fault.status(500).onOperation("ListRoles"));
        assertThatThrownBy(() -> client.get("/latest/meta-data/iam/security-credentials/"))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("Exceeded maximum number of retries");
        imds.clearFaults();
        imds.disabled(true);
        try (Ec2MetadataClient fresh = Ec2MetadataClient.builder().endpoint(URI.create(imds.url()))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> fresh.get("/latest/meta-data/iam/security-credentials/"))
                    .isInstanceOfSatisfying(Ec2MetadataClientException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void ec2MetadataClient_tokenTtlOutOfRange_400() {
        try (Ec2MetadataClient bad = Ec2MetadataClient.builder().endpoint(URI.create(imds.url()))
                .tokenTtl(Duration.ofSeconds(21601)).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> bad.get("/latest/meta-data/iam/security-credentials/"))
                    .isInstanceOfSatisfying(Ec2MetadataClientException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(400));
        }
    }

    @Test
    void instanceProfileProvider_v1Disabled_getsCredentialsFromTheFake() {
        try (InstanceProfileCredentialsProvider p = sdkProvider()) {
            AwsCredentials c = p.resolveCredentials();
            IssuedCredentials issued = imds.currentCredentials();
            assertThat(c.accessKeyId()).isEqualTo(issued.accessKeyId());
            assertThat(c.secretAccessKey()).isEqualTo(issued.secretAccessKey());
            assertThat(((AwsSessionCredentials) c).sessionToken()).isEqualTo(issued.sessionToken().orElseThrow());
        }
        assertThat(imds.journal()).extracting(RecordedRequest::operation)
                .containsExactly("GetToken", "ListRoles", "GetCredentials");
        assertThat(imds.journal()).filteredOn(r -> r.method().equals("GET"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).isPresent());
    }

    /**
     * Requests per refresh of the SDK's provider: it keeps neither the token nor the role name, so every
     * refresh (here: the cold one, then one per new provider) costs a token, a role listing and the
     * credentials. Its refresh timing follows the system clock, so a steady-state refresh cannot be forced
     * without waiting; the code path is the same ({@code refreshCredentials} always starts with a PUT).
     */
    @Test
    void instanceProfileProvider_eachRefresh_costsThreeRequests() {
        for (int i = 0; i < 3; i++) {
            try (InstanceProfileCredentialsProvider p = sdkProvider()) {
                p.resolveCredentials();
                p.resolveCredentials();
            }
        }
        assertThat(imds.journal()).hasSize(9);
        assertThat(imds.journal("GetToken")).hasSize(3);
    }

    @Test
    void instanceProfileProvider_hopLimitWithV1Disabled_failsAfterItsTokenTimeout() {
        imds.hopLimitExceeded(true);
        try (InstanceProfileCredentialsProvider p = sdkProvider()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("Failed to load credentials from IMDS");
        }
        assertThat(imds.journal()).extracting(RecordedRequest::operation).containsOnly("GetToken");
    }

    @Test
    void instanceProfileProvider_errorIn200_isRejected() {
        imds.credentialsError("AssumeRoleUnauthorizedAccess", "EC2 cannot assume the role demo-role.");
        try (InstanceProfileCredentialsProvider p = sdkProvider()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void instanceProfileProvider_disabledOrNoRole_fails() {
        imds.detachRole();
        try (InstanceProfileCredentialsProvider p = sdkProvider()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(SdkClientException.class);
        }
        imds.disabled(true);
        try (InstanceProfileCredentialsProvider p = sdkProvider()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(SdkClientException.class);
        }
    }
}
