package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No fake answers with WireMock's own headers ({@code Matched-Stub-Id}, {@code Matched-Stub-Name}), which
 * AWS never sends: a client must not be able to tell the fakes from the service by them.
 */
class ResponseHeadersIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FakeAws aws;

    @BeforeAll
    static void start() {
        aws = FakeAws.builder().clock(MutableClock.at(Instant.now())).build().start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static HttpResponse<String> send(AbstractFake<?> fake, String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(fake.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoWireMockHeaders(HttpResponse<String> r) {
        assertThat(r.headers().map().keySet()).as("response headers of %s", r.uri())
                .isNotEmpty()
                .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("matched-stub"));
    }

    @Test
    void everyFake_ordinaryAnswer_hasNoWireMockHeaders() throws Exception {
        assertThat(aws.fakes()).hasSizeGreaterThanOrEqualTo(6);
        for (AbstractFake<?> fake : aws.fakes()) {
            assertNoWireMockHeaders(send(fake, "GET", "/"));
            assertNoWireMockHeaders(send(fake, "POST", "/"));
        }
        assertNoWireMockHeaders(send(aws.imds(), "PUT", "/latest/api/token"));
        assertNoWireMockHeaders(send(aws.sso(), "GET", "/federation/credentials"));
    }

    @Test
    void everyFake_injectedErrorAndThrottle_haveNoWireMockHeaders() throws Exception {
        try {
            for (AbstractFake<?> fake : aws.fakes()) {
                fake.inject(Fault.status(500).times(1));
                assertNoWireMockHeaders(send(fake, "GET", "/"));
                fake.inject(Fault.throttle().times(1));
                assertNoWireMockHeaders(send(fake, "POST", "/"));
                fake.inject(Fault.latency(Duration.ofMillis(1)).times(1));
                assertNoWireMockHeaders(send(fake, "GET", "/"));
            }
        } finally {
            aws.clearFaults();
        }
    }
}
