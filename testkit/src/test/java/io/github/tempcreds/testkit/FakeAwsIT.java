package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.testkit.junit.FakeAwsExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@link FakeAws} as one account: credentials from each fake (IMDS, SSO, Cognito enhanced and basic flows,
 * STS) sign a {@code GetCallerIdentity} through the real {@link StsClient}, which the fake STS verifies;
 * after the shared clock passes their expiration the same call fails with {@code ExpiredToken}.
 */
class FakeAwsIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String USER_KEY = "AKIATESTFAKEAWS01";
    private static final String USER_SECRET = "testsecret";
    private static final String DEMO_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/demo";
    private static final String GUEST_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/CognitoGuest";
    private static final String BASIC_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/CognitoBasic";
    private static final String POOL_ID = "us-east-1:00000000-0000-0000-0000-0000000000aa";
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();
    private static String oldImdsDisabled;

    @RegisterExtension
    static final FakeAwsExtension FAKES = FakeAwsExtension.builder()
            .configure(b -> b.sts(s -> s
                    .role(RoleSpec.builder(DEMO_ROLE).trustAccount(ACCOUNT).build())
                    .role(RoleSpec.builder(BASIC_ROLE)
                            .trustWebIdentity(FakeCognitoIdentity.OPEN_ID_ISSUER, POOL_ID).build())))
            .build();

    @BeforeAll
    static void seed(FakeAws aws) {
        // Surefire sets AWS_EC2_METADATA_DISABLED=true; the system property wins in the SDK.
        oldImdsDisabled = System.setProperty("aws.disableEc2Metadata", "false");
        aws.registry().seedUserKey(USER_KEY, USER_SECRET, "alice");
        aws.sso().account(ACCOUNT, "ReadOnly");
        aws.cognito().pool(FakeCognitoIdentity.PoolSpec.builder().id(POOL_ID)
                .unauthenticatedRoleArn(GUEST_ROLE).allowUnauthenticated(true).allowClassicFlow(true).build());
    }

    @AfterAll
    static void restore() {
        if (oldImdsDisabled == null) {
            System.clearProperty("aws.disableEc2Metadata");
        } else {
            System.setProperty("aws.disableEc2Metadata", oldImdsDisabled);
        }
        HTTP.close();
    }

    private static StsClient sts(FakeAws aws, AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                .httpClient(HTTP).credentialsProvider(credentials).build();
    }

    /** Signs GetCallerIdentity with the credentials: accepted now, ExpiredToken once the clock passes expiry. */
    private static GetCallerIdentityResponse assertAcceptedThenExpired(FakeAws aws, AwsCredentials credentials,
                                                                       Instant expiration) {
        assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
        assertThat(credentials.accessKeyId()).startsWith("ASIA");
        try (StsClient client = sts(aws, StaticCredentialsProvider.create(credentials))) {
            GetCallerIdentityResponse who = client.getCallerIdentity();
            assertThat(who.account()).isEqualTo(ACCOUNT);
            assertThat(aws.registry().find(credentials.accessKeyId())).isPresent();

            aws.clock().set(expiration.plusSeconds(1));

            assertThatThrownBy(client::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            });
            return who;
        }
    }

    @Test
    void imdsCredentials_fromSdkInstanceProfileProvider_acceptedByStsUntilExpired(FakeAws aws) {
        AwsCredentials c;
        try (InstanceProfileCredentialsProvider imds = InstanceProfileCredentialsProvider.builder()
                .endpoint(aws.imds().url()).build()) {
            c = imds.resolveCredentials();
        }
        IssuedCredentials issued = aws.registry().find(c.accessKeyId()).orElseThrow();
        assertThat(issued.issuer()).isEqualTo("imds");
        GetCallerIdentityResponse who = assertAcceptedThenExpired(aws, c, issued.expiration().orElseThrow());
        assertThat(who.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/demo-role/i-0123456789abcdef0");
    }

    @Test
    void ssoRoleCredentials_fromSdkSsoClient_acceptedByStsUntilExpired(FakeAws aws) {
        FakeSso.Session session = aws.sso().seedSession();
        RoleCredentials rc;
        try (SsoClient sso = SsoClient.builder().endpointOverride(aws.sso().uri()).region(Region.US_EAST_1)
                .httpClient(HTTP).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            rc = sso.getRoleCredentials(r -> r.accessToken(session.accessToken()).accountId(ACCOUNT)
                    .roleName("ReadOnly")).roleCredentials();
        }
        AwsCredentials c = AwsSessionCredentials.create(rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken());
        GetCallerIdentityResponse who = assertAcceptedThenExpired(aws, c, Instant.ofEpochMilli(rc.expiration()));
        assertThat(who.arn()).contains(":assumed-role/");
    }

    @Test
    void cognitoGuestCredentials_enhancedFlow_acceptedByStsUntilExpired(FakeAws aws) {
        Credentials cc;
        try (CognitoIdentityClient cognito = cognito(aws)) {
            String id = cognito.getId(r -> r.identityPoolId(POOL_ID)).identityId();
            cc = cognito.getCredentialsForIdentity(r -> r.identityId(id)).credentials();
        }
        AwsCredentials c = AwsSessionCredentials.create(cc.accessKeyId(), cc.secretKey(), cc.sessionToken());
        GetCallerIdentityResponse who = assertAcceptedThenExpired(aws, c, cc.expiration());
        assertThat(who.arn()).contains(":assumed-role/CognitoGuest/");
    }

    @Test
    void cognitoOpenIdToken_basicFlow_assumeRoleWithWebIdentity_acceptedByStsUntilExpired(FakeAws aws) {
        String token;
        try (CognitoIdentityClient cognito = cognito(aws)) {
            String id = cognito.getId(r -> r.identityPoolId(POOL_ID)).identityId();
            token = cognito.getOpenIdToken(r -> r.identityId(id)).token();
        }
        software.amazon.awssdk.services.sts.model.Credentials sc;
        try (StsClient anonymous = sts(aws, AnonymousCredentialsProvider.create())) {
            sc = anonymous.assumeRoleWithWebIdentity(r -> r.roleArn(BASIC_ROLE).roleSessionName("basic")
                    .webIdentityToken(token)).credentials();
        }
        AwsCredentials c = AwsSessionCredentials.create(sc.accessKeyId(), sc.secretAccessKey(), sc.sessionToken());
        GetCallerIdentityResponse who = assertAcceptedThenExpired(aws, c, sc.expiration());
        assertThat(who.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/CognitoBasic/basic");
    }

    @Test
    void stsAssumeRole_fromSeededUserKey_acceptedUntilExpired(FakeAws aws) {
        software.amazon.awssdk.services.sts.model.Credentials sc;
        try (StsClient user = sts(aws, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(USER_KEY, USER_SECRET)))) {
            assertThat(user.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
            sc = user.assumeRole(r -> r.roleArn(DEMO_ROLE).roleSessionName("s1").durationSeconds(900))
                    .credentials();
        }
        AwsCredentials c = AwsSessionCredentials.create(sc.accessKeyId(), sc.secretAccessKey(), sc.sessionToken());
        GetCallerIdentityResponse who = assertAcceptedThenExpired(aws, c, sc.expiration());
        assertThat(who.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/demo/s1");
    }

    @Test
    void systemProperties_pointAnSdkClientWithoutEndpointOverrideAtTheFakes(FakeAws aws) {
        Map<String, String> props = aws.systemProperties();
        assertThat(props).containsEntry("aws.endpointUrlSts", aws.sts().url().replaceAll("/$", ""))
                .containsKeys("aws.ec2MetadataServiceEndpoint", "aws.endpointUrlSso", "aws.endpointUrlSsoOidc",
                        "aws.endpointUrlCognitoIdentity");
        String old = System.setProperty("aws.endpointUrlSts", props.get("aws.endpointUrlSts"));
        try (StsClient client = StsClient.builder().region(Region.US_EAST_1).httpClient(HTTP)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(USER_KEY, USER_SECRET))).build()) {
            assertThat(client.getCallerIdentity().arn()).endsWith(":user/alice");
            // Not exactly one request: after another test moved the fake clock, the SDK's global clock-skew
            // offset can make the first attempt "not yet current", and the SDK corrects it and retries.
            assertThat(aws.sts().journal("GetCallerIdentity")).isNotEmpty();
        } finally {
            if (old == null) {
                System.clearProperty("aws.endpointUrlSts");
            } else {
                System.setProperty("aws.endpointUrlSts", old);
            }
        }
    }

    @Test
    void environmentVariables_nameEveryEndpointWithoutTrailingSlash(FakeAws aws) {
        Map<String, String> env = aws.environmentVariables();
        assertThat(env).containsEntry("AWS_EC2_METADATA_SERVICE_ENDPOINT", strip(aws.imds().url()))
                .containsEntry("AWS_ENDPOINT_URL_STS", strip(aws.sts().url()))
                .containsEntry("AWS_ENDPOINT_URL_SSO", strip(aws.sso().url()))
                .containsEntry("AWS_ENDPOINT_URL_SSO_OIDC", strip(aws.sso().url()))
                .containsEntry("AWS_ENDPOINT_URL_COGNITO_IDENTITY", strip(aws.cognito().url()))
                .containsEntry("AWS_EC2_METADATA_V1_DISABLED", "true");
        assertThat(aws.endpoints()).containsOnlyKeys(FakeAws.ENDPOINT_NAMES);
    }

    private static String strip(String url) {
        return url.substring(0, url.length() - 1);
    }

    private static CognitoIdentityClient cognito(FakeAws aws) {
        return CognitoIdentityClient.builder().endpointOverride(URI.create(aws.cognito().url()))
                .region(Region.US_EAST_1).httpClient(HTTP)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void clock_isSharedByEveryFake(FakeAws aws, MutableClock clock) {
        clock.advance(Duration.ofMinutes(5));
        assertThat(aws.fakes()).allSatisfy(f -> assertThat(f.clock()).isSameAs(clock));
    }
}
