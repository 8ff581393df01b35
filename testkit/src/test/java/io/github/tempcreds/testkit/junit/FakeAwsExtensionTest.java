package io.github.tempcreds.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.AbstractFake;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeResponse;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's life cycle, reset and injection, over a tiny test-only fake. */
class FakeAwsExtensionTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Echoes the path; the smallest protocol. */
    static final class EchoFake extends AbstractFake<EchoFake> {
        EchoFake(MutableClock clock) {
            super(clock, "127.0.0.1", 0);
        }

        @Override
        protected FakeResponse handle(RecordedRequest request) {
            return FakeResponse.text("echo " + request.path());
        }
    }

    static int get(AbstractFake<?> fake, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fake.url() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClass {
        @RegisterExtension
        static final FakeAwsExtension ext = FakeAwsExtension.builder()
                .clock(() -> MutableClock.at(START))
                .configure(b -> b.addFake((clock, registry) -> new EchoFake(clock)))
                .build();

        @Test
        @Order(1)
        void first_injectsSharedParts_andLeavesFaultsJournalAndClockDirty(FakeAws aws, EchoFake echo,
                                                                             MutableClock clock,
                                                                             CredentialRegistry registry)
                throws Exception {
            assertThat(aws.running()).isTrue();
            assertThat(echo.clock()).isSameAs(clock).isSameAs(aws.clock());
            assertThat(registry).isSameAs(aws.registry());
            assertThat(ext.aws()).isSameAs(aws);
            assertThat(clock.instant()).isEqualTo(START);
            echo.inject(Fault.status(503));
            assertThat(get(echo, "x")).isEqualTo(503);
            clock.advance(Duration.ofHours(3));
            PerClassState.aws = aws;
        }

        @Test
        @Order(2)
        void second_sameAccount_resetFaultsJournalAndClock(FakeAws aws, EchoFake echo, MutableClock clock)
                throws Exception {
            assertThat(aws).isSameAs(PerClassState.aws);
            assertThat(echo.journal()).isEmpty();
            assertThat(clock.instant()).isEqualTo(START);
            assertThat(get(echo, "x")).isEqualTo(200);
        }
    }

    static final class PerClassState {
        static FakeAws aws;
    }

    @Nested
    class PerTest {
        @RegisterExtension
        final FakeAwsExtension ext = FakeAwsExtension.builder()
                .lifecycle(FakeAwsExtension.Lifecycle.PER_TEST)
                .configure(b -> b.addFake((clock, registry) -> new EchoFake(clock)))
                .build();

        @Test
        void eachTest_getsAFreshRunningAccount(FakeAws aws, EchoFake echo) throws Exception {
            assertThat(aws.running()).isTrue();
            assertThat(get(echo, "a")).isEqualTo(200);
            PerTestState.accounts.add(aws);
        }

        @Test
        void eachTest_getsAFreshRunningAccount_again(FakeAws aws) {
            assertThat(aws.running()).isTrue();
            PerTestState.accounts.add(aws);
        }
    }

    static final class PerTestState {
        static final List<FakeAws> accounts = new ArrayList<>();
    }

    @AfterAll
    static void accountsAreClosedAfterTheirScope() {
        assertThat(PerClassState.aws).isNotNull();
        assertThat(PerClassState.aws.running()).isFalse();
        assertThat(PerTestState.accounts).hasSize(2);
        assertThat(PerTestState.accounts.get(0)).isNotSameAs(PerTestState.accounts.get(1));
        assertThat(PerTestState.accounts).noneMatch(FakeAws::running);
    }
}
