package io.github.tempcreds.reliability;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Every secret any test of this module saw issued or served, JVM-wide: secret keys, session tokens, IMDS
 * tokens, SSO access/refresh tokens, client secrets, identity tokens. {@link SecretLeakIT} scans logs,
 * messages and {@code toString()}s for them.
 *
 * <p>Concurrency: a concurrent set; add from any thread.
 */
final class Secrets {
    /** Shorter values would match by accident (and none of ours are that short). */
    private static final int MIN_LENGTH = 12;
    private static final Set<String> ALL = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    static void add(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            ALL.add(secret);
        }
    }

    static void addAll(Collection<String> secrets) {
        secrets.forEach(Secrets::add);
    }

    static void served(AwsCredentials c) {
        add(c.secretAccessKey());
        if (c instanceof AwsSessionCredentials) {
            add(((AwsSessionCredentials) c).sessionToken());
        }
    }

    static List<String> snapshot() {
        return List.copyOf(ALL);
    }

    /** The secrets that occur in {@code text}. */
    static List<String> foundIn(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return ALL.stream().filter(text::contains).toList();
    }
}
