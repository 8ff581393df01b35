package io.github.tempcreds.core;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Obviously fake credentials for tests. */
final class TestCredentials {
    static final String SECRET = "testsecret-do-not-print";
    static final String TOKEN = "testtoken-do-not-print";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestCredentials() {
    }

    static AwsSessionCredentials expiringAt(Instant expiration) {
        return expiringAt("ASIATEST" + String.format("%08d", SEQ.incrementAndGet()), expiration);
    }

    static AwsSessionCredentials expiringAt(String accessKeyId, Instant expiration) {
        return AwsSessionCredentials.builder().accessKeyId(accessKeyId).secretAccessKey(SECRET)
                .sessionToken(TOKEN).expirationTime(expiration).build();
    }
}
