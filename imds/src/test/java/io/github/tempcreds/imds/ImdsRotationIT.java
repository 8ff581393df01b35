package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.internal.ImdsCredentialsLoader;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Refresh timing around IMDS rotation: a refresh that gets the set already held (IMDS has not rotated yet)
 * asks again when IMDS has promised a new set (5 minutes before expiry), not after a fraction of the
 * remaining life; and an IMDS that rotates later than that never leads to expired credentials. Loads run
 * on the calling thread; one {@link MutableClock} drives the fake and the provider.
 */
class ImdsRotationIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRATION = T0.plus(Duration.ofHours(6));
    private static final Duration MIN_VALIDITY = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.at(T0);
    private FakeImds imds;
    private ImdsCredentialsProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
        if (imds != null) {
            imds.close();
            imds = null;
        }
    }

    private void start(Duration rotateBefore, long seed) {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(3)))
                .rotateBefore(rotateBefore).build().start();
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new Random(seed)).build();
        provider = ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .endpoint(imds.uri()).environment(env).readTimeout(Duration.ofSeconds(3))
                .executor(Runnable::run)).sleeper(d -> { }).build();
    }

    private int credentialGets() {
        return imds.journal("GetCredentialsExtended").size() + imds.journal("GetCredentials").size();
    }

    private AwsCredentials callAt(Instant at) {
        clock.set(at);
        AwsCredentials c = provider.resolveCredentials();
        assertThat(c.expirationTime().orElseThrow()).as("at %s", at).isAfterOrEqualTo(at.plus(MIN_VALIDITY));
        return c;
    }

    @Test
    void unrotatedAnswer_nextRefreshWhenImdsHasRotated_notBefore() {
        start(Duration.ofMinutes(15), 1);
        AwsCredentials first = callAt(T0);
        callAt(EXPIRATION.minus(Duration.ofMinutes(59))); // past the refresh point (60..72 min before expiry)
        int afterUnrotated = credentialGets();
        assertThat(afterUnrotated).isEqualTo(2); // the cold load and one refresh that got the same set
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(first.accessKeyId());

        Instant rotated = EXPIRATION.minus(ImdsCredentialsLoader.ROTATED_BEFORE_EXPIRY);
        for (Instant t = clock.instant(); t.isBefore(rotated); t = t.plusSeconds(30)) {
            assertThat(callAt(t).accessKeyId()).isEqualTo(first.accessKeyId());
        }
        assertThat(credentialGets()).as("no GET between the unrotated answer and the rotation point")
                .isEqualTo(afterUnrotated);

        callAt(rotated); // advisory: answered from the cache, the refresh runs (here inline) behind it
        assertThat(credentialGets()).isEqualTo(afterUnrotated + 1);
        assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId())
                .isEqualTo(imds.currentCredentials().accessKeyId());
    }

    @Test
    void dayOfTraffic_atMostTwoCredentialGetsPerNewSet() {
        for (long seed = 1; seed <= 3; seed++) {
            start(Duration.ofMinutes(15), seed);
            Set<String> sets = new HashSet<>();
            sets.add(callAt(T0).accessKeyId());
            int coldGets = credentialGets();
            for (Instant t = T0; t.isBefore(T0.plus(Duration.ofHours(24))); t = t.plusSeconds(30)) {
                sets.add(callAt(t).accessKeyId());
            }
            int newSets = sets.size() - 1;
            int gets = credentialGets() - coldGets;

            assertThat(newSets).isEqualTo(4);
            assertThat(gets).as("seed %d: %d GETs for %d new sets", seed, gets, newSets).isLessThanOrEqualTo(2 * newSets);
            stop();
        }
    }

    @Test
    void imdsRotatesLaterThanPromised_keepsAskingAndNeverServesExpired() {
        // rotates 1 min before expiry (later than the 5 min IMDS promises): the rotation point passes with
        // the same set, the policy's windows take over, and the new set is picked up before the old one is
        // unusable
        start(Duration.ofMinutes(1), 1);
        AwsCredentials first = callAt(T0);
        Set<String> sets = new HashSet<>();
        for (Instant t = T0; t.isBefore(EXPIRATION.plus(Duration.ofMinutes(30))); t = t.plusSeconds(10)) {
            sets.add(callAt(t).accessKeyId());
        }
        assertThat(sets).hasSize(2).contains(first.accessKeyId());
        assertThat(provider.health().isUsable()).isTrue();
    }
}
