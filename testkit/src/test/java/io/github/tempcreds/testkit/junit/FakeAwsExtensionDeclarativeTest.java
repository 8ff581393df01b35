package io.github.tempcreds.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith(FakeAwsExtension.class)}: one account per class, injected, reset before each test. */
@ExtendWith(FakeAwsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeAwsExtensionDeclarativeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeAws fromBeforeAll;
    private static Instant clockAtStart;

    private final FakeAws fromConstructor;

    FakeAwsExtensionDeclarativeTest(FakeAws aws) {
        this.fromConstructor = aws;
    }

    @BeforeAll
    static void seed(FakeAws aws, MutableClock clock, CredentialRegistry registry) {
        fromBeforeAll = aws;
        clockAtStart = clock.instant();
        registry.seedUserKey("AKIATESTDECLARE01", "testsecret", "declarative");
    }

    static int putToken(FakeImds imds) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(imds.url() + "latest/api/token"))
                .header(FakeImds.TTL_HEADER, "60").PUT(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    @Order(1)
    void first_sameAccountEverywhere_runningAndInjectedByType(FakeAws aws, FakeImds imds, MutableClock clock)
            throws Exception {
        assertThat(aws).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
        assertThat(aws.running()).isTrue();
        assertThat(imds).isSameAs(aws.imds());
        assertThat(clock.ticking()).as("default clock is frozen; tests move it").isFalse();
        imds.inject(Fault.status(500));
        assertThat(putToken(imds)).isEqualTo(500);
        clock.advance(Duration.ofDays(1));
    }

    @Test
    @Order(2)
    void second_faultsJournalAndClockReset_seedsKept(FakeImds imds, MutableClock clock, CredentialRegistry registry)
            throws Exception {
        assertThat(imds.journal()).isEmpty();
        assertThat(clock.instant()).isEqualTo(clockAtStart);
        assertThat(registry.find("AKIATESTDECLARE01")).isPresent();
        assertThat(putToken(imds)).isEqualTo(200);
    }

    @Nested
    class Inner {
        @Test
        void nestedClass_sharesTheOuterAccount(FakeAws aws) {
            assertThat(aws).isSameAs(fromBeforeAll);
        }
    }
}
