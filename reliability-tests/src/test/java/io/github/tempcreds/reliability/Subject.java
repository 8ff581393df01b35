package io.github.tempcreds.reliability;

import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.ReliabilityStsClients;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import io.github.tempcreds.testkit.AbstractFake;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RecordedRequest;
import io.github.tempcreds.testkit.RoleSpec;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One provider wired to its fake as a user would wire it, with short client timeouts, two clocks (the
 * provider's and the fake's, equal unless a skew is asked for) and everything needed to fake a valid
 * credentials answer. Every secret the subject sees goes to {@link Secrets}.
 */
abstract class Subject implements AutoCloseable {
    /** The providers under test. */
    enum Kind {
        IMDS("imds"), ROLE_CHAIN("role-chain"), WEB_IDENTITY("web-identity"), SSO("sso"), COGNITO("cognito");

        /** The source name the provider puts in its errors and health. */
        final String source;

        Kind(String source) {
            this.source = source;
        }
    }

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(1500);

    /** How to build a subject. */
    static final class Options {
        Duration skew = Duration.ZERO;
        boolean viaProxy;
        /** Role chain: no injected STS client, the one the provider creates itself (default HTTP client and timeouts). */
        boolean ownStsClient;
        RefreshPolicy policy = RefreshPolicy.defaults();
        Duration lifetime;          // null: the fake's default
        final List<CredentialsListener> listeners = new ArrayList<>();
        long seed = 7;

        Options skew(Duration d) { skew = d; return this; }
        Options viaProxy(boolean b) { viaProxy = b; return this; }
        Options ownStsClient(boolean b) { ownStsClient = b; return this; }
        Options policy(RefreshPolicy p) { policy = p; return this; }
        Options lifetime(Duration d) { lifetime = d; return this; }
        Options listener(CredentialsListener l) { listeners.add(l); return this; }
        Options seed(long s) { seed = s; return this; }
    }

    final Kind kind;
    final MutableClock clock = MutableClock.at(START);
    final MutableClock fakeClock;
    final Options options;
    final Path home;
    final CredentialRegistry registry;
    final List<AutoCloseable> closeables = new ArrayList<>();
    TcpProxy proxy;
    RefreshableCredentialsProvider provider;

    Subject(Kind kind, Options options) {
        this.kind = kind;
        this.options = options;
        this.fakeClock = MutableClock.at(START.plus(options.skew));
        this.registry = CredentialRegistry.create(ACCOUNT, new Random(options.seed));
        try {
            this.home = Files.createTempDirectory("reliability-" + kind.name().toLowerCase() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Subject create(Kind kind, Options options) {
        Subject s = switch (kind) {
            case IMDS -> new Imds(options);
            case ROLE_CHAIN -> new RoleChain(options);
            case WEB_IDENTITY -> new WebIdentity(options);
            case SSO -> new Sso(options);
            case COGNITO -> new Cognito(options);
        };
        s.start();
        return s;
    }

    abstract AbstractFake<?> fake();

    /** The fake operation that returns the credentials (faults on bodies target it). */
    abstract String credentialsOperation();

    abstract String contentType();

    /** A valid-shape credentials answer; {@code missing} names a field to leave out, or null. */
    abstract String credentialsBody(String accessKeyId, String secret, String token, Instant expiration,
                                    String missing);

    /** The field {@code credentialsBody(.., missing)} leaves out for the "missing field" fault. */
    abstract String requiredField();

    abstract void startFake();

    abstract RefreshableCredentialsProvider buildProvider(URI endpoint);

    private void start() {
        startFake();
        URI endpoint = fake().uri();
        if (options.viaProxy) {
            try {
                proxy = new TcpProxy(fake().port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            endpoint = proxy.uri();
        }
        provider = buildProvider(endpoint);
    }

    /** Closes the provider and its SDK clients and builds fresh ones (the fake keeps running). */
    void rebuild() {
        provider.close();
        closeables.forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        });
        closeables.clear();
        provider = buildProvider(proxy != null ? proxy.uri() : fake().uri());
    }

    TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(clock).random(new Random(options.seed)).homeDirectory(home);
    }

    /** Advances both clocks. */
    void advance(Duration d) {
        clock.advance(d);
        fakeClock.advance(d);
    }

    /** Secrets this subject's fake issued that are not visible from served credentials. */
    void collectSecrets() {
        for (RecordedRequest r : fake().journal()) {
            r.header(FakeImds.TOKEN_HEADER).ifPresent(Secrets::add);
            r.header("x-amz-sso_bearer_token").ifPresent(Secrets::add);
        }
    }

    static SdkHttpClient http() {
        return ApacheHttpClient.builder().socketTimeout(CLIENT_TIMEOUT).connectionTimeout(CLIENT_TIMEOUT)
                .maxConnections(64).build();
    }

    static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(CLIENT_TIMEOUT.multipliedBy(2))
                .apiCallAttemptTimeout(CLIENT_TIMEOUT.multipliedBy(2))
                .retryStrategy(AwsRetryStrategy.doNotRetry()).build();
    }

    static String iso(Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void close() {
        collectSecrets();
        if (provider != null) {
            provider.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        fake().close();
        try (java.util.stream.Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return kind.name();
    }

    // ------------------------------------------------------------------ IMDS

    static final class Imds extends Subject {
        FakeImds imds;

        Imds(Options o) {
            super(Kind.IMDS, o);
        }

        @Override
        void startFake() {
            FakeImds.Builder b = FakeImds.builder().clock(fakeClock).registry(registry);
            if (options.lifetime != null) {
                b.credentialsLifetime(options.lifetime).rotateBefore(options.lifetime.dividedBy(3));
            }
            imds = b.build().start();
        }

        @Override
        RefreshableCredentialsProvider buildProvider(URI endpoint) {
            ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder().endpoint(endpoint)
                    .environment(env().build()).connectTimeout(CLIENT_TIMEOUT).readTimeout(CLIENT_TIMEOUT)
                    .maxRetries(0).refreshPolicy(options.policy);
            options.listeners.forEach(b::addListener);
            return b.build();
        }

        @Override
        AbstractFake<?> fake() {
            return imds;
        }

        @Override
        String credentialsOperation() {
            return "GetCredentialsExtended";
        }

        @Override
        String contentType() {
            return "text/plain";
        }

        @Override
        String requiredField() {
            return "Token";
        }

        @Override
        String credentialsBody(String akid, String secret, String token, Instant exp, String missing) {
            StringBuilder sb = new StringBuilder("{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"")
                    .append(iso(fakeClock.instant())).append("\",\n  \"Type\" : \"AWS-HMAC\"");
            field(sb, "AccessKeyId", akid, missing);
            field(sb, "SecretAccessKey", secret, missing);
            field(sb, "Token", token, missing);
            field(sb, "Expiration", iso(exp), missing);
            field(sb, "AccountId", ACCOUNT, missing);
            return sb.append("\n}").toString();
        }

        private static void field(StringBuilder sb, String name, String value, String missing) {
            if (!name.equals(missing)) {
                sb.append(",\n  \"").append(name).append("\" : \"").append(value).append('"');
            }
        }
    }

    // ------------------------------------------------------------------ STS (role chain, web identity)

    abstract static class Sts extends Subject {
        static final String USER_KEY = "AKIATESTRELIABLE001";
        static final String USER_SECRET = "testsecret-reliability-user";
        FakeSts sts;

        Sts(Kind k, Options o) {
            super(k, o);
        }

        static String role(String name) {
            return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
        }

        StsClient client(URI endpoint, boolean signed) {
            software.amazon.awssdk.services.sts.StsClientBuilder b = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .httpClient(http()).overrideConfiguration(overrides())
                    .credentialsProvider(AnonymousCredentialsProvider.create());
            if (signed) {
                b.authSchemeProvider(ReliabilityStsClients.signingWith(clock));
            }
            StsClient c = b.build();
            closeables.add(c);
            return c;
        }

        @Override
        AbstractFake<?> fake() {
            return sts;
        }

        @Override
        String contentType() {
            return "text/xml";
        }

        @Override
        String requiredField() {
            return "SessionToken";
        }

        String xml(String op, String akid, String secret, String token, Instant exp, String missing, String roleName) {
            StringBuilder sb = new StringBuilder("<").append(op).append("Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><")
                    .append(op).append("Result><Credentials>");
            if (!"SessionToken".equals(missing)) {
                sb.append("<SessionToken>").append(token).append("</SessionToken>");
            }
            if (!"SecretAccessKey".equals(missing)) {
                sb.append("<SecretAccessKey>").append(secret).append("</SecretAccessKey>");
            }
            if (!"Expiration".equals(missing)) {
                sb.append("<Expiration>").append(iso(exp)).append("</Expiration>");
            }
            if (!"AccessKeyId".equals(missing)) {
                sb.append("<AccessKeyId>").append(akid).append("</AccessKeyId>");
            }
            sb.append("</Credentials><AssumedRoleUser><Arn>arn:aws:sts::").append(ACCOUNT).append(":assumed-role/")
                    .append(roleName).append("/s</Arn><AssumedRoleId>AROATESTRELIABLE:s</AssumedRoleId></AssumedRoleUser></")
                    .append(op).append("Result><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></")
                    .append(op).append("Response>");
            return sb.toString();
        }

        RoleSpec.Builder roleSpec(String name) {
            RoleSpec.Builder b = RoleSpec.builder(role(name));
            return b;
        }

        Duration hopDuration() {
            return options.lifetime != null ? options.lifetime : Duration.ofHours(1);
        }
    }

    static final class RoleChain extends Sts {
        RoleChain(Options o) {
            super(Kind.ROLE_CHAIN, o);
        }

        @Override
        void startFake() {
            registry.seedUserKey(USER_KEY, USER_SECRET, "alice");
            Secrets.add(USER_SECRET);
            sts = FakeSts.builder().clock(fakeClock).registry(registry).build().start();
            sts.role(roleSpec("App").trustAccount(ACCOUNT).build());
        }

        @Override
        RefreshableCredentialsProvider buildProvider(URI endpoint) {
            RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder().environment(env().build())
                    .endpoint(endpoint).region("us-east-1").stsClient(options.ownStsClient ? null : client(endpoint, true))
                    .source(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET)))
                    .addHop(RoleHop.builder().roleArn(role("App")).duration(hopDuration()).build())
                    .refreshPolicy(options.policy);
            options.listeners.forEach(b::addListener);
            return b.build();
        }

        @Override
        String credentialsOperation() {
            return "AssumeRole";
        }

        @Override
        String credentialsBody(String akid, String secret, String token, Instant exp, String missing) {
            return xml("AssumeRole", akid, secret, token, exp, missing, "App");
        }
    }

    static final class WebIdentity extends Sts {
        static final String ISSUER = "https://oidc.eks.test/id/RELIABILITY";
        static final String AUDIENCE = "sts.amazonaws.com";

        WebIdentity(Options o) {
            super(Kind.WEB_IDENTITY, o);
        }

        @Override
        void startFake() {
            sts = FakeSts.builder().clock(fakeClock).registry(registry).build().start();
            OidcIssuer issuer = OidcIssuer.create(ISSUER);
            sts.trustIssuer(issuer);
            sts.role(roleSpec("Pod").trustWebIdentity(ISSUER, AUDIENCE).build());
            String jwt = issuer.mint("system:serviceaccount:default:app", AUDIENCE, fakeClock.instant(),
                    Duration.ofDays(3650), Map.of());
            Secrets.add(jwt);
            try {
                Files.writeString(home.resolve("token"), jwt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        RefreshableCredentialsProvider buildProvider(URI endpoint) {
            WebIdentityCredentialsProvider.Builder b = WebIdentityCredentialsProvider.builder()
                    .environment(env().build()).roleArn(role("Pod")).roleSessionName("app-pod-1")
                    .webIdentityTokenFile(home.resolve("token")).duration(hopDuration()).endpoint(endpoint)
                    .region("us-east-1").stsClient(client(endpoint, false)).refreshPolicy(options.policy);
            options.listeners.forEach(b::addListener);
            return b.build();
        }

        @Override
        String credentialsOperation() {
            return "AssumeRoleWithWebIdentity";
        }

        @Override
        String credentialsBody(String akid, String secret, String token, Instant exp, String missing) {
            return xml("AssumeRoleWithWebIdentity", akid, secret, token, exp, missing, "Pod");
        }
    }

    // ------------------------------------------------------------------ SSO

    static final class Sso extends Subject {
        static final String SESSION = "reliability";
        FakeSso sso;

        Sso(Options o) {
            super(Kind.SSO, o);
        }

        @Override
        void startFake() {
            FakeSso.Builder b = FakeSso.builder().clock(fakeClock).registry(registry).accessTokenTtl(Duration.ofHours(8));
            if (options.lifetime != null) {
                b.roleCredentialsTtl(options.lifetime);
            }
            sso = b.build().start();
            FakeSso.Session s = sso.seedSession(Duration.ofDays(3650));
            s.account(ACCOUNT, "ReadOnly");
            Secrets.add(s.accessToken());
            Secrets.add(s.refreshToken());
            Secrets.add(s.clientSecret());
            s.cacheEntry().writeTo(home, SESSION);
        }

        Path cacheFile() {
            return SsoTokenCacheFiles.cacheFile(home, SESSION);
        }

        @Override
        RefreshableCredentialsProvider buildProvider(URI endpoint) {
            SsoClient portal = SsoClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http())
                    .overrideConfiguration(overrides()).build();
            SsoOidcClient oidc = SsoOidcClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http())
                    .overrideConfiguration(overrides()).build();
            closeables.add(portal);
            closeables.add(oidc);
            SsoSessionCredentialsProvider.Builder b = SsoSessionCredentialsProvider.builder().ssoSession(SESSION)
                    .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly")
                    .ssoClient(portal).oidcClient(oidc).environment(env().build()).refreshPolicy(options.policy);
            options.listeners.forEach(b::addListener);
            return b.build();
        }

        @Override
        AbstractFake<?> fake() {
            return sso;
        }

        @Override
        String credentialsOperation() {
            return "GetRoleCredentials";
        }

        @Override
        String contentType() {
            return "application/json";
        }

        @Override
        String requiredField() {
            return "sessionToken";
        }

        @Override
        String credentialsBody(String akid, String secret, String token, Instant exp, String missing) {
            StringBuilder sb = new StringBuilder("{\"roleCredentials\":{");
            List<String> parts = new ArrayList<>();
            if (!"accessKeyId".equals(missing)) {
                parts.add("\"accessKeyId\":\"" + akid + "\"");
            }
            if (!"secretAccessKey".equals(missing)) {
                parts.add("\"secretAccessKey\":\"" + secret + "\"");
            }
            if (!"sessionToken".equals(missing)) {
                parts.add("\"sessionToken\":\"" + token + "\"");
            }
            if (!"expiration".equals(missing)) {
                parts.add("\"expiration\":" + exp.toEpochMilli());
            }
            return sb.append(String.join(",", parts)).append("}}").toString();
        }
    }

    // ------------------------------------------------------------------ Cognito

    static final class Cognito extends Subject {
        FakeCognitoIdentity cognito;
        String poolId;

        Cognito(Options o) {
            super(Kind.COGNITO, o);
        }

        @Override
        void startFake() {
            FakeCognitoIdentity.Builder b = FakeCognitoIdentity.builder().clock(fakeClock).registry(registry);
            if (options.lifetime != null) {
                b.credentialLifetime(options.lifetime);
            }
            cognito = b.build().start();
            poolId = cognito.pool(FakeCognitoIdentity.PoolSpec.builder()
                    .authenticatedRoleArn("arn:aws:iam::" + ACCOUNT + ":role/Auth")
                    .unauthenticatedRoleArn("arn:aws:iam::" + ACCOUNT + ":role/Guest").allowUnauthenticated(true)
                    .build());
        }

        @Override
        RefreshableCredentialsProvider buildProvider(URI endpoint) {
            CognitoIdentityClient client = CognitoIdentityClient.builder().endpointOverride(endpoint)
                    .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClient(http()).overrideConfiguration(overrides()).build();
            closeables.add(client);
            CognitoIdentityCredentialsProvider.Builder b = CognitoIdentityCredentialsProvider.builder()
                    .identityPoolId(poolId).cognitoClient(client).environment(env().build())
                    .refreshPolicy(options.policy);
            options.listeners.forEach(b::addListener);
            return b.build();
        }

        @Override
        AbstractFake<?> fake() {
            return cognito;
        }

        @Override
        String credentialsOperation() {
            return "GetCredentialsForIdentity";
        }

        @Override
        String contentType() {
            return "application/x-amz-json-1.1";
        }

        @Override
        String requiredField() {
            return "SessionToken";
        }

        @Override
        String credentialsBody(String akid, String secret, String token, Instant exp, String missing) {
            String id = cognito.identities(poolId).stream().findFirst()
                    .orElse("us-east-1:00000000-0000-4000-8000-000000000000");
            List<String> parts = new ArrayList<>();
            if (!"AccessKeyId".equals(missing)) {
                parts.add("\"AccessKeyId\":\"" + akid + "\"");
            }
            if (!"SecretKey".equals(missing)) {
                parts.add("\"SecretKey\":\"" + secret + "\"");
            }
            if (!"SessionToken".equals(missing)) {
                parts.add("\"SessionToken\":\"" + token + "\"");
            }
            if (!"Expiration".equals(missing)) {
                parts.add("\"Expiration\":" + exp.getEpochSecond() + ".0");
            }
            return "{\"IdentityId\":\"" + id + "\",\"Credentials\":{" + String.join(",", parts) + "}}";
        }
    }
}
