package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Every provider's parser over the whole {@link Instant} range: the fake answers with an expiration drawn
 * from the extremes ({@link Instant#MIN}, {@link Instant#MAX}, the epoch-millisecond limits, years
 * -999999999 and +999999999) and from everywhere between, in the source's own wire form. The provider
 * either returns credentials carrying exactly that expiration (or, when it refuses the answer, the still
 * usable value it already held), with at least the minimum validity left, or throws a typed
 * {@link CredentialsException}; never another exception, never a silently wrong time.
 */
class ExpirationParsingPropertyTest {
    static final RefreshPolicy POLICY = RefreshPolicy.builder().loadTimeout(Duration.ofSeconds(5)).build();

    static List<Instant> expirations() {
        List<Instant> out = new ArrayList<>(List.of(Instant.MIN, Instant.MAX, Instant.ofEpochMilli(Long.MIN_VALUE),
                Instant.ofEpochMilli(Long.MAX_VALUE), Instant.parse("-999999999-01-01T00:00:00Z"),
                Instant.parse("+999999999-12-31T23:59:59Z"), Instant.EPOCH, Subject.START,
                Subject.START.plusSeconds(3600), Subject.START.minusSeconds(1)));
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
        Arbitrary<Long> near = Arbitraries.longs().between(-86_400L * 365 * 200, 86_400L * 365 * 200);
        seconds.sampleStream().limit(8).forEach(s -> out.add(Instant.ofEpochSecond(s)));
        near.sampleStream().limit(8).forEach(s -> out.add(Subject.START.plusSeconds(s)));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Subject.Kind.class)
    void everyExpiration_exactValueOrTypedError(Subject.Kind kind) throws Exception {
        try (Subject s = Subject.create(kind, new Subject.Options().policy(POLICY))) {
            java.util.Set<Long> served = new java.util.HashSet<>();
            for (Instant exp : expirations()) {
                String body;
                try {
                    body = s.credentialsBody("ASIATESTEXPIRY0001", "testsecret-expiry-0123456789",
                            "testtoken-expiry-0123456789", exp, null);
                } catch (ArithmeticException | java.time.DateTimeException notRepresentable) {
                    continue; // this wire form cannot carry the instant at all
                }
                s.fake().inject(Fault.body(200, s.contentType(), body).onOperation(s.credentialsOperation()));
                s.advance(Duration.ofHours(13)); // past any cached value and any backoff
                try {
                    AwsCredentials c = s.provider.resolveCredentials();
                    Instant got = ((AwsSessionCredentials) c).expirationTime().orElseThrow();
                    assertThat(Duration.between(s.clock.instant(), got))
                            .as("%s: served with %s, parsed as %s", kind, exp, got)
                            .isGreaterThanOrEqualTo(POLICY.minValidity());
                    // Either the new answer, parsed exactly, or the value already held (still usable, so it is
                    // kept while the new answer is refused); never a time nobody sent.
                    if (got.getEpochSecond() != exp.getEpochSecond()) {
                        assertThat(served).as("%s: parsed time %s of %s", kind, got, exp).contains(got.getEpochSecond());
                    }
                    served.add(got.getEpochSecond());
                } catch (CredentialsException typed) {
                    assertThat(typed.getMessage()).as("%s: message of the error for %s", kind, exp).isNotBlank();
                }
                s.fake().clearFaults();
            }
        }
    }
}
