package io.github.tempcreds.cognito;

import static io.github.tempcreds.cognito.CognitoFixture.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.tempcreds.testkit.OidcIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** No log line (SLF4J simple, to stderr, DEBUG for tempcreds) carries a token or a key. */
class CognitoLogSecretsIT {
    private final CognitoFixture fx = new CognitoFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void logs_successFailureRetryAndRefresh_neverContainTokensOrKeys() {
        String pool = fx.pool(b -> b);
        List<String> secrets = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String token = fx.idToken("alice", Map.of());
            secrets.add(token);
            try (CognitoIdentityCredentialsProvider p = fx.provider(pool).logins(CognitoLogins.of(UP, token)).build()) {
                AwsCredentials c = p.resolveCredentials();
                secrets.add(c.secretAccessKey());
                secrets.add(((AwsSessionCredentials) c).sessionToken());
                fx.cognito.deleteIdentity(fx.identityOf(c));
                p.invalidate(c.accessKeyId());
                AwsCredentials c2 = p.resolveCredentials();
                secrets.add(c2.secretAccessKey());
                secrets.add(((AwsSessionCredentials) c2).sessionToken());
            }
            OidcIssuer other = OidcIssuer.create("https://accounts.example.test", "RS256");
            String foreign = other.mint("bob", "a", fx.clock.instant(), Duration.ofHours(1), Map.of());
            secrets.add(foreign);
            try (CognitoIdentityCredentialsProvider p = fx.provider(pool)
                    .logins(CognitoLogins.of("accounts.example.test", foreign)).build()) {
                assertThat(catchThrowable(p::resolveCredentials)).isNotNull();
            }
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Refreshed credentials from cognito").contains("no longer exists")
                .contains("Token is not from a supported provider");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            if (secret.chars().filter(ch -> ch == '.').count() == 2) {
                assertThat(log).doesNotContain(secret.split("\\.")[2]);
            }
        }
    }
}
