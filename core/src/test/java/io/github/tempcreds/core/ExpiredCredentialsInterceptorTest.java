package io.github.tempcreds.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** A real StsClient against a local WireMock stub that answers with an expired-credentials error. */
class ExpiredCredentialsInterceptorTest {
    private static final String ERROR_XML = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<Error><Type>Sender</Type><Code>%s</Code><Message>The security token included in the request is expired</Message>"
            + "</Error><RequestId>4c1d7e31-test</RequestId></ErrorResponse>";

    // The SDK signs with the real clock; credentials are issued relative to it so the client accepts them.
    private final ScriptedLoader loader = new ScriptedLoader(java.time.Clock.systemUTC());
    private WireMockServer server;
    private RefreshingCredentialsProvider provider;
    private StsClient sts;

    @BeforeEach
    void setUp() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        provider = RefreshingCredentialsProvider.builder().sourceName("intercepted").loader(loader)
                .environment(TempcredsEnvironment.builder().random(new SplittableRandom(5)).build())
                .build();
        sts = StsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(provider)
                .overrideConfiguration(o -> o.addExecutionInterceptor(provider.expiredCredentialsInterceptor()))
                .build();
    }

    @AfterEach
    void tearDown() {
        sts.close();
        provider.close();
        server.stop();
    }

    private void answer(String code) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/xml").withBody(String.format(ERROR_XML, code))));
    }

    @Test
    void serviceAnswersExpiredToken_causesExactlyOneReload() {
        answer("ExpiredToken");
        AwsCredentials first = provider.resolveCredentials();
        assertThat(loader.loads).hasValue(1);
        assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        assertThat(loader.loads).hasValue(1); // invalidation is lazy: the next call reloads
        AwsCredentials second = provider.resolveCredentials();
        assertThat(second).isNotSameAs(first);
        assertThat(provider.resolveCredentials()).isSameAs(second);
        assertThat(loader.loads).hasValue(2);
        String signedWith = server.getAllServeEvents().get(0).getRequest().getHeader("Authorization");
        assertThat(signedWith).contains("Credential=" + first.accessKeyId() + "/");
    }

    @Test
    void serviceAnswersOtherError_noReload() {
        answer("AccessDenied");
        provider.resolveCredentials();
        assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(StsException.class);
        provider.resolveCredentials();
        assertThat(loader.loads).hasValue(1);
    }

    @Test
    void accessKeyId_fromAuthorizationHeaderOrPresignedQuery() {
        SdkHttpFullRequest header = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://sts.amazonaws.com/"))
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=ASIATESTHEADER/20260101/us-east-1/sts/aws4_request, "
                        + "SignedHeaders=host, Signature=abc")
                .build();
        SdkHttpFullRequest query = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://s3.amazonaws.com/b/k"))
                .putRawQueryParameter("X-Amz-Credential", "ASIATESTQUERY%2F20260101%2Fus-east-1%2Fs3%2Faws4_request")
                .build();
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://s3.amazonaws.com/b/k")).build();
        assertThat(ExpiredCredentialsInterceptor.accessKeyId(header)).contains("ASIATESTHEADER");
        assertThat(ExpiredCredentialsInterceptor.accessKeyId(query)).contains("ASIATESTQUERY");
        assertThat(ExpiredCredentialsInterceptor.accessKeyId(unsigned)).isEmpty();
    }

    @Test
    void create_noProviders_rejected() {
        assertThatThrownBy(ExpiredCredentialsInterceptor::create).isInstanceOf(IllegalArgumentException.class);
        assertThat(Duration.ZERO).isZero();
    }
}
