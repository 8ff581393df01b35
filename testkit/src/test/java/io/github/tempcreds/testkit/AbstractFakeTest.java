package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AbstractFakeTest {
    /** The smallest possible protocol: echoes the path, names the operation after the first segment. */
    static final class EchoFake extends AbstractFake<EchoFake> {
        EchoFake(MutableClock clock) {
            super(clock, "127.0.0.1", 0);
        }

        @Override
        protected FakeResponse handle(RecordedRequest request) {
            return FakeResponse.text("echo " + request.path());
        }

        @Override
        protected String operationOf(RecordedRequest request) {
            return request.path().equals("/") ? "Root" : request.path().substring(1).split("/")[0];
        }
    }

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EchoFake fake;

    @BeforeEach
    void start() {
        fake = new EchoFake(clock).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(fake.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_freePort_servesOnLoopbackWithDateFromFakeClock() throws Exception {
        assertThat(fake.url()).startsWith("http://127.0.0.1:").endsWith("/");
        HttpResponse<String> r = get("/a/b?x=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo /a/b");
        assertThat(r.headers().firstValue("Date")).contains("Thu, 1 Jan 2026 00:00:00 GMT");
        RecordedRequest taken = fake.takeRequest(Duration.ofSeconds(1));
        assertThat(taken.path()).isEqualTo("/a/b");
        assertThat(taken.queryParam("x")).contains("1");
        assertThat(taken.operation()).isEqualTo("a");
        assertThat(fake.journal("a")).hasSize(1);
    }

    @Test
    void inject_statusTimesTwoOnOperation_hitsExactlyTwoMatchingRequests() throws Exception {
        fake.inject(Fault.status(503).times(2).onOperation("a"));
        assertThat(get("/b").statusCode()).isEqualTo(200);
        assertThat(get("/a").statusCode()).isEqualTo(503);
        assertThat(get("/a").statusCode()).isEqualTo(503);
        assertThat(get("/a").statusCode()).isEqualTo(200);
    }

    @Test
    void inject_newestMatchingFaultWins() throws Exception {
        fake.inject(Fault.status(500));
        fake.inject(Fault.throttle().times(1));
        assertThat(get("/x").statusCode()).isEqualTo(429);
        assertThat(get("/x").statusCode()).isEqualTo(500);
        fake.clearFaults();
        assertThat(get("/x").statusCode()).isEqualTo(200);
    }

    @Test
    void inject_hang_neverAnswersUntilCleared() throws Exception {
        fake.inject(Fault.hang().on("PUT", "/latest/api/token"));
        HttpRequest put = HttpRequest.newBuilder(URI.create(fake.url() + "latest/api/token"))
                .timeout(Duration.ofMillis(300)).PUT(HttpRequest.BodyPublishers.noBody()).build();
        assertThatThrownBy(() -> http.send(put, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(fake.url() + "latest/api/token"))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fake.takeRequest(Duration.ofSeconds(20))).isNotNull();
        assertThat(fake.takeRequest(Duration.ofSeconds(20))).isNotNull();
        fake.clearFaults();
        assertThat(pending.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void inject_connectionReset_failsTheExchange() {
        fake.inject(Fault.connectionReset());
        assertThatThrownBy(() -> get("/x")).isInstanceOf(IOException.class);
    }

    @Test
    void inject_bodyAndLargeBody_answerAsScripted() throws Exception {
        fake.inject(Fault.body(418, "application/json", "{\"teapot\":true}").times(1));
        HttpResponse<String> r = get("/x");
        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.body()).isEqualTo("{\"teapot\":true}");
        fake.inject(Fault.largeBody(10 * 1024 * 1024).times(1));
        assertThat(get("/x").body()).hasSize(10 * 1024 * 1024);
    }

    @Test
    void close_isIdempotentAndPortStopsAnswering() throws Exception {
        int port = fake.port();
        fake.close();
        fake.close();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void mutableClock_advanceAndSet_moveTime() {
        MutableClock c = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        c.advance(Duration.ofMinutes(5));
        assertThat(c.instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        MutableClock sys = MutableClock.systemUtc().advance(Duration.ofHours(1));
        assertThat(Duration.between(Instant.now(), sys.instant())).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    @Test
    void registry_issuedSessions_areFindableAndSecretsStayOutOfToString() {
        CredentialRegistry registry = CredentialRegistry.create();
        IssuedCredentials c = registry.issueRoleSession("arn:aws:iam::123456789012:role/demo", "s1",
                clock.instant().plusSeconds(3600), "sts");
        assertThat(c.accessKeyId()).startsWith("ASIAFAKE").hasSize(20);
        assertThat(c.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/demo/s1");
        assertThat(registry.find(c.accessKeyId())).contains(c);
        assertThat(c.toString()).doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken().orElseThrow());
        assertThat(c.expiredAt(clock.instant().plusSeconds(3600))).isTrue();
    }
}
