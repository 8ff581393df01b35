package io.github.tempcreds.examples;

import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.cognito.CognitoLogins;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.OidcIssuer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/**
 * The Cognito identity pool part of the demo: a guest, then a signed-in user whose ID token is asked
 * for again on every refresh (here a new one each time), each getting the role the pool maps it to.
 */
final class DemoCognito {
    static final String GUEST_ROLE = "arn:aws:iam::123456789012:role/demo-guest";
    static final String USER_ROLE = "arn:aws:iam::123456789012:role/demo-user";

    private final DemoRun run;

    DemoCognito(DemoRun run) {
        this.run = run;
    }

    void run() {
        FakeCognitoIdentity cognito = run.manage(FakeCognitoIdentity.builder().clock(run.clock()).registry(run.registry())
                .build().start());
        OidcIssuer userPool = OidcIssuer.create("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo", "RS256");
        String poolId = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().authenticatedRoleArn(USER_ROLE)
                .unauthenticatedRoleArn(GUEST_ROLE).allowUnauthenticated(true).identityProvider(userPool).build());
        CognitoIdentityClient client = run.manage(DemoClients.cognito(cognito.uri()));

        run.section("cognito", "Cognito identity pool (CognitoIdentityCredentialsProvider), enhanced flow",
                "Limited-privilege credentials for end users: a guest, and a signed-in user whose ID token is"
                        + " asked for again on each refresh.");
        RefreshTracker guestTracker = new RefreshTracker();
        CognitoIdentityCredentialsProvider guest = run.manage(CognitoIdentityCredentialsProvider.builder()
                .identityPoolId(poolId).logins(CognitoLogins.guest()).cognitoClient(client)
                .environment(run.environment()).addListener(guestTracker).build());
        DemoStep g = run.resolve("guest", "cognito", guest, guestTracker, cognito);
        run.note("guest identity " + identity(cognito, g) + " got " + role(g));

        AtomicInteger tokensMinted = new AtomicInteger();
        String providerName = FakeCognitoIdentity.providerName(userPool);
        RefreshTracker userTracker = new RefreshTracker();
        CognitoIdentityCredentialsProvider user = run.manage(CognitoIdentityCredentialsProvider.builder()
                .identityPoolId(poolId).cognitoClient(client).environment(run.environment()).addListener(userTracker)
                .logins(() -> {
                    tokensMinted.incrementAndGet();
                    return CognitoLogins.of(providerName, userPool.mint("alice", "demo-app-client",
                            run.clock().instant(), Duration.ofHours(1), Map.of("email", "alice@example.com")));
                }).build());
        DemoStep u = run.resolve("signed-in user", "cognito", user, userTracker, cognito);
        run.note("user identity " + identity(cognito, u) + " got " + role(u));
        run.clock().advance(Duration.ofMinutes(50));
        run.resolve("50 min later: advisory window", "cognito", user, userTracker, cognito);
        run.resolve("next call", "cognito", user, userTracker, cognito);
        run.note("ID tokens asked from the app's supplier: " + tokensMinted.get() + " (one per load; the identity"
                + " id is kept)");
    }

    private static String identity(FakeCognitoIdentity cognito, DemoStep step) {
        return step.accessKeyId() == null ? "-" : cognito.identityOf(step.accessKeyId()).orElse("?");
    }

    private String role(DemoStep step) {
        return step.accessKeyId() == null ? "-" : run.registry().find(step.accessKeyId())
                .map(c -> c.principalArn().replaceAll("^.*:assumed-role/([^/]+)/.*$", "role $1")).orElse("?");
    }
}
