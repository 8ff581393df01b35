package io.github.tempcreds.cognito;

import static io.github.tempcreds.cognito.CognitoFixture.ADMIN;
import static io.github.tempcreds.cognito.CognitoFixture.GOLD;
import static io.github.tempcreds.cognito.CognitoFixture.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.testkit.CognitoRoleMapping;
import io.github.tempcreds.testkit.CognitoRoleMapping.Ambiguous;
import io.github.tempcreds.testkit.CognitoRoleMapping.Rule;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.OidcIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The enhanced flow against the fake Cognito, every behaviour and every error. */
class CognitoEnhancedFlowIT {
    private final CognitoFixture fx = new CognitoFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Moves the clock into the mandatory window of credentials issued now (one hour), forcing a refresh. */
    private void intoMandatoryWindow() {
        fx.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
    }

    @Test
    void resolve_guest_guestRoleAndOneIdentityAcrossRefreshes() {
        String pool = fx.pool(b -> b);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).build()) {
            AwsCredentials first = p.resolveCredentials();
            assertThat(fx.roleOf(first)).isEqualTo("Guest");
            assertThat(((AwsSessionCredentials) first).expirationTime()).contains(fx.clock.instant().plus(Duration.ofHours(1)));
            intoMandatoryWindow();
            AwsCredentials second = p.resolveCredentials();
            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(fx.identityOf(second)).isEqualTo(fx.identityOf(first));
            assertThat(fx.cognito.journal("GetId")).hasSize(1);
            assertThat(fx.cognito.journal("GetCredentialsForIdentity")).hasSize(2);
            assertThat(p.resolveIdentity().join().accessKeyId()).isEqualTo(second.accessKeyId());
            assertThat(p.health().toString()).doesNotContain(second.secretAccessKey());
            assertThat(p.toString()).isEqualTo("CognitoIdentityCredentialsProvider(pool " + pool
                    + ", flow enhanced, store InMemoryIdentityIdStore)");
        }
    }

    @Test
    void resolve_guestAccessDisabled_configurationErrorSayingWhatToDo() {
        String pool = fx.pool(b -> b.allowUnauthenticated(false));
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("refused guest access")
                    .hasMessageContaining("Unauthenticated access is not supported for this identity pool.")
                    .hasMessageContaining("Enable unauthenticated identities on the pool, or supply logins");
        }
    }

    @Test
    void resolve_loginTokenChangesBetweenRefreshes_newTokenSentSameIdentity_otherUserOwnIdentity() {
        String pool = fx.pool(b -> b);
        AtomicReference<String> token = new AtomicReference<>(fx.idToken("alice", Map.of()));
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool)
                .logins(() -> CognitoLogins.of(UP, token.get())).build()) {
            AwsCredentials a1 = p.resolveCredentials();
            assertThat(fx.roleOf(a1)).isEqualTo("Auth");

            fx.clock.advance(Duration.ofMinutes(30));
            String refreshed = fx.idToken("alice", Map.of());
            token.set(refreshed);
            fx.clock.advance(Duration.ofMinutes(29).plusSeconds(30));
            AwsCredentials a2 = p.resolveCredentials();
            assertThat(a2.accessKeyId()).isNotEqualTo(a1.accessKeyId());
            assertThat(fx.identityOf(a2)).isEqualTo(fx.identityOf(a1));
            assertThat(fx.cognito.journal("GetCredentialsForIdentity").get(1).bodyText()).contains(refreshed);
            assertThat(fx.cognito.journal("GetId")).hasSize(1);

            token.set(fx.idToken("bob", Map.of()));
            p.invalidate(a2.accessKeyId());
            AwsCredentials b1 = p.resolveCredentials();
            assertThat(fx.identityOf(b1)).isNotEqualTo(fx.identityOf(a1));
            assertThat(fx.cognito.journal("GetId")).hasSize(2);
        }
    }

    @Test
    void resolve_customRoleListedInToken_granted_otherwiseConfigurationError() {
        String pool = fx.pool(b -> b);
        CognitoLogins logins = CognitoLogins.of(UP, fx.idToken("alice", Map.of("cognito:roles", List.of(GOLD, ADMIN))));
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).logins(logins).customRoleArn(ADMIN).build()) {
            assertThat(fx.roleOf(p.resolveCredentials())).isEqualTo("Admin");
        }
        String other = "arn:aws:iam::123456789012:role/NotInToken";
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).logins(logins).customRoleArn(other).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(UP);
        }
    }

    @Test
    void resolve_claimRule_roleChosenByClaim() {
        String pool = fx.pool(b -> b.roleMapping(UP, CognitoRoleMapping.rules(Ambiguous.AUTHENTICATED_ROLE,
                Rule.equals("custom:tier", "gold", GOLD))));
        try (CognitoIdentityCredentialsProvider gold = fx.provider(pool)
                .logins(CognitoLogins.of(UP, fx.idToken("g", Map.of("custom:tier", "gold")))).build();
             CognitoIdentityCredentialsProvider plain = fx.provider(pool)
                .logins(CognitoLogins.of(UP, fx.idToken("p", Map.of("custom:tier", "silver")))).build()) {
            assertThat(fx.roleOf(gold.resolveCredentials())).isEqualTo("Gold");
            assertThat(fx.roleOf(plain.resolveCredentials())).isEqualTo("Auth");
        }
    }

    @Test
    void resolve_ambiguousMappingDenied_configurationErrorNamingProvider() {
        String pool = fx.pool(b -> b.roleMapping(UP, CognitoRoleMapping.token(Ambiguous.DENY)));
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool)
                .logins(CognitoLogins.of(UP, fx.idToken("t", Map.of("cognito:roles", List.of(GOLD, ADMIN))))).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("login provider(s) [" + UP + "]")
                    .hasMessageContaining("The ambiguous role mapping rules for: " + UP + " denied this request.");
        }
    }

    @Test
    void resolve_identityDeletedOnServer_forgottenAndReplacedOnce() {
        String pool = fx.pool(b -> b);
        IdentityIdStore store = IdentityIdStore.inMemory();
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).identityIdStore(store).build()) {
            AwsCredentials first = p.resolveCredentials();
            String oldId = fx.identityOf(first);
            assertThat(fx.cognito.deleteIdentity(oldId)).isTrue();
            p.invalidate(first.accessKeyId());
            AwsCredentials second = p.resolveCredentials();
            String newId = fx.identityOf(second);
            assertThat(newId).isNotEqualTo(oldId);
            assertThat(store.get(pool, "guest")).contains(newId);
            assertThat(fx.cognito.journal("GetId")).hasSize(2);
        }
    }

    @Test
    void resolve_fileStore_restartedProviderReusesIdentityWithoutGetId_noTokenInFile(@TempDir Path dir)
            throws Exception {
        String pool = fx.pool(b -> b);
        Path file = dir.resolve("cognito-ids.properties");
        String token = fx.idToken("alice", Map.of());
        String first;
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).identityIdStore(IdentityIdStore.file(file))
                .logins(CognitoLogins.of(UP, token)).build()) {
            first = fx.identityOf(p.resolveCredentials());
        }
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).identityIdStore(IdentityIdStore.file(file))
                .logins(CognitoLogins.of(UP, fx.idToken("alice", Map.of("refreshed", true)))).build()) {
            assertThat(fx.identityOf(p.resolveCredentials())).isEqualTo(first);
        }
        assertThat(fx.cognito.journal("GetId")).hasSize(1);
        assertThat(java.nio.file.Files.readString(file)).contains(first.substring(first.indexOf(':') + 1))
                .contains("sub\\:alice").doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void resolve_resourceNotFoundTwice_retriedOnlyOnce() {
        String pool = fx.pool(b -> b);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).build()) {
            AwsCredentials first = p.resolveCredentials();
            fx.cognito.inject(Fault.body(400, "application/x-amz-json-1.1",
                    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Identity not found.\"}")
                    .onOperation("GetCredentialsForIdentity"));
            fx.cognito.clearJournal();
            p.invalidate(first.accessKeyId());
            fx.clock.advance(Duration.ofMinutes(59).plusSeconds(56));
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("ResourceNotFoundException");
            assertThat(fx.cognito.journal("GetCredentialsForIdentity")).hasSize(2);
            assertThat(fx.cognito.journal("GetId")).hasSize(1);
        }
    }

    @Test
    void resolve_loginFromUnconfiguredProvider_configurationErrorNamingIt() {
        String pool = fx.pool(b -> b);
        OidcIssuer google = OidcIssuer.create("https://accounts.example.test", "RS256");
        String token = google.mint("u", "a", fx.clock.instant(), Duration.ofHours(1), Map.of());
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool)
                .logins(CognitoLogins.of("accounts.example.test", token)).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("login provider(s) [accounts.example.test]")
                    .hasMessageContaining("Token is not from a supported provider of this identity pool.")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }

    @Test
    void resolve_throttled_retryableRetrievalErrorThenRecoversAfterBackoff() {
        String pool = fx.pool(b -> b);
        fx.cognito.inject(Fault.throttle().times(1).onOperation("GetId"));
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("TooManyRequestsException")
                    .satisfies(e -> assertThat(((CredentialsException) e).retryable()).isTrue());
            fx.clock.advance(Duration.ofMinutes(1));
            assertThat(fx.roleOf(p.resolveCredentials())).isEqualTo("Guest");
        }
    }

    @Test
    void secrets_neverInToStringOrMessages() {
        String pool = fx.pool(b -> b.allowUnauthenticated(false).roleMapping(UP, CognitoRoleMapping.token(Ambiguous.DENY)));
        String token = fx.idToken("alice", Map.of("cognito:roles", List.of(GOLD, ADMIN)));
        CognitoLogins logins = CognitoLogins.of(UP, token);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).logins(logins).build()) {
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(p::resolveCredentials);
            StringBuilder all = new StringBuilder(p.toString()).append(logins).append(logins.userKey());
            for (Throwable t = e; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append(t);
            }
            assertThat(all.toString()).doesNotContain(token).doesNotContain(token.split("\\.")[2])
                    .contains(UP).contains(pool);
        }
    }
}
