package io.github.tempcreds.testkit;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.internal.AwsHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Every fake at once, as one AWS account: fake IMDS, STS, SSO (portal and OIDC) and Cognito Identity
 * sharing one {@link MutableClock} and one {@link CredentialRegistry}, so that credentials any of them
 * issues are accepted by the fake STS, which verifies their SigV4 signatures and expirations.
 *
 * <pre>{@code
 * try (FakeAws aws = FakeAws.builder().build().start()) {
 *     StsClient sts = StsClient.builder()
 *             .endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
 *             .credentialsProvider(...credentials from aws.imds()...)
 *             .build();
 *     aws.clock().advance(Duration.ofHours(7));   // every fake sees the same time
 * }
 * }</pre>
 *
 * <p>Point tempcreds providers at it with {@link #environment()} (a hermetic {@code TempcredsEnvironment}: no
 * global state, so tests with their own {@code FakeAws} run in parallel), SDK clients with
 * {@link #configure(AwsClientBuilder, AwsCredentialsProvider)}, other SDKs and the AWS CLI with
 * {@link #environmentVariables()}, or the Java SDK's own providers with {@link #systemProperties()}.
 *
 * <p>Concurrency: the set of fakes is fixed at build time; {@link #start()} and {@link #close()} are
 * synchronized; everything else delegates to the thread-safe fakes, clock and registry.
 */
public final class FakeAws implements AutoCloseable {
    /** Names of {@link #endpoints()}, in order. */
    public static final List<String> ENDPOINT_NAMES = List.of("imds", "sts", "sso", "oidc", "cognito", "container",
            "iam");

    private final MutableClock clock;
    private final CredentialRegistry registry;
    private final String region;
    private final FakeImds imds;
    private final FakeSts sts;
    private final FakeSso sso;
    private final FakeCognitoIdentity cognito;
    private final FakeContainerCredentials container;
    private final FakeIam iam;
    private final List<AbstractFake<?>> fakes;
    private boolean started;
    private boolean closed;
    private Path home;

    private FakeAws(BuilderImpl b, MutableClock clock, CredentialRegistry registry) {
        this.clock = clock;
        this.registry = registry;
        this.region = b.region;
        List<AbstractFake<?>> all = new ArrayList<>();
        FakeImds.Builder ib = FakeImds.builder();
        b.imds.accept(ib);
        this.imds = ib.clock(clock).registry(registry).port(port(b, 0)).build();
        FakeSts.Builder sb = FakeSts.builder();
        b.sts.accept(sb);
        this.sts = sb.clock(clock).registry(registry).port(port(b, 1)).build();
        FakeSso.Builder ob = FakeSso.builder().region(region);
        b.sso.accept(ob);
        this.sso = ob.clock(clock).registry(registry).port(port(b, 2)).build();
        FakeCognitoIdentity.Builder cb = FakeCognitoIdentity.builder().region(region);
        b.cognito.accept(cb);
        this.cognito = cb.clock(clock).registry(registry).port(port(b, 3)).build();
        FakeContainerCredentials.Builder kb = FakeContainerCredentials.builder();
        b.container.accept(kb);
        this.container = kb.clock(clock).registry(registry).port(port(b, 4)).build();
        FakeIam.Builder iamb = FakeIam.builder();
        b.iam.accept(iamb);
        this.iam = iamb.clock(clock).registry(registry).port(port(b, 5)).build();
        // The basic (classic) Cognito flow: STS accepts the OpenID tokens the fake Cognito signs.
        sts.trustIssuer(cognito.openIdIssuer());
        all.add(imds);
        all.add(sts);
        all.add(sso);
        all.add(cognito);
        all.add(container);
        all.add(iam);
        for (BiFunction<MutableClock, CredentialRegistry, ? extends AbstractFake<?>> f : b.extraFakes) {
            all.add(Objects.requireNonNull(f.apply(clock, registry), "an extra fake factory returned null"));
        }
        this.fakes = Collections.unmodifiableList(all);
    }

    private static int port(BuilderImpl b, int offset) {
        return b.portBase == 0 ? 0 : b.portBase + offset;
    }

    /** A builder with the defaults: see each setter. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A fake account with every default, not yet started. */
    public static FakeAws create() {
        return builder().build();
    }

    /**
     * Starts every fake on loopback, each on a free port (or the configured ports).
     *
     * @return this
     * @throws IllegalStateException if it was already started or closed
     * @throws RuntimeException if a fake cannot start; the fakes already started are closed again
     */
    public synchronized FakeAws start() {
        if (closed) {
            throw new IllegalStateException("FakeAws was closed");
        }
        if (started) {
            throw new IllegalStateException("FakeAws was already started");
        }
        List<AbstractFake<?>> up = new ArrayList<>();
        try {
            for (AbstractFake<?> f : fakes) {
                f.start();
                up.add(f);
            }
        } catch (RuntimeException e) {
            for (AbstractFake<?> f : up) {
                closeQuietly(f, e);
            }
            throw e;
        }
        try {
            home = AwsHome.create(region, sso.startUrl());
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new UncheckedIOException("FakeAws could not create its temporary home", (IOException) e);
            for (AbstractFake<?> f : up) {
                closeQuietly(f, failure);
            }
            throw failure;
        }
        started = true;
        return this;
    }

    /** Whether {@link #start()} succeeded and {@link #close()} was not called yet. */
    public synchronized boolean running() {
        return started && !closed;
    }

    /** The fake container credentials endpoint (ECS or EKS Pod Identity; its credentials are accepted by the fake STS). */
    public FakeContainerCredentials container() {
        return container;
    }

    /**
     * The fake IAM of the same account: the user keys the fake STS accepts are its users' access keys, and
     * their last use is recorded when they sign a request to the fake STS or IAM.
     */
    public FakeIam iam() {
        return iam;
    }

    /** The fake IMDS (its instance role's credentials are accepted by the fake STS). */
    public FakeImds imds() {
        return imds;
    }

    /**
     * The fake STS: verifies SigV4 signatures of every credential in the shared registry and trusts the
     * fake Cognito's OpenID token issuer for {@code AssumeRoleWithWebIdentity}.
     */
    public FakeSts sts() {
        return sts;
    }

    /** The fake IAM Identity Center: SSO portal and SSO-OIDC on one port. */
    public FakeSso sso() {
        return sso;
    }

    /** The fake Cognito Identity (identity pools). */
    public FakeCognitoIdentity cognito() {
        return cognito;
    }

    /** The shared clock of every fake. */
    public MutableClock clock() {
        return clock;
    }

    /** The shared registry: every credential any fake issued or was seeded with. */
    public CredentialRegistry registry() {
        return registry;
    }

    /** The account id, {@code registry().accountId()}. */
    public String accountId() {
        return registry.accountId();
    }

    /** The region the fakes pretend to be in (used in the settings and in issued identifiers). */
    public String region() {
        return region;
    }

    /** Every fake, in start order. */
    public List<AbstractFake<?>> fakes() {
        return fakes;
    }

    /**
     * The fake of a type, e.g. {@code fake(FakeSts.class)}.
     *
     * @return the first fake that is an instance of {@code type}, or empty
     */
    public <T extends AbstractFake<?>> Optional<T> fake(Class<T> type) {
        for (AbstractFake<?> f : fakes) {
            if (type.isInstance(f)) {
                return Optional.of(type.cast(f));
            }
        }
        return Optional.empty();
    }

    /** Removes the injected faults of every fake and releases hung requests. */
    public void clearFaults() {
        fakes.forEach(AbstractFake::clearFaults);
    }

    /** Forgets the request journal of every fake. */
    public void clearJournals() {
        fakes.forEach(AbstractFake::clearJournal);
    }

    /**
     * The base URLs by name, {@link #ENDPOINT_NAMES} order: {@code imds}, {@code sts}, {@code sso},
     * {@code oidc}, {@code cognito}, each like {@code http://127.0.0.1:PORT/}, and {@code container}, the full
     * credentials URI of {@link #container()}.
     *
     * @throws IllegalStateException if not started
     */
    public Map<String, String> endpoints() {
        requireRunning();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("imds", imds.url());
        out.put("sts", sts.url());
        out.put("sso", sso.portalUrl());
        out.put("oidc", sso.oidcUrl());
        out.put("cognito", cognito.url());
        out.put("container", container.credentialsUrl());
        out.put("iam", iam.url());
        return Collections.unmodifiableMap(out);
    }

    /**
     * Environment variables that point the AWS CLI v2 and the AWS SDKs at these fakes:
     * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL_SSO},
     * {@code AWS_ENDPOINT_URL_SSO_OIDC}, {@code AWS_ENDPOINT_URL_COGNITO_IDENTITY} (base URLs without a
     * trailing slash, which every client accepts), plus {@code AWS_EC2_METADATA_DISABLED=false} and
     * {@code AWS_EC2_METADATA_V1_DISABLED=true} (IMDSv2 only) and {@code AWS_REGION}.
     *
     * <p>Credentials and profile settings are not included: a test chooses how its client authenticates.
     *
     * @throws IllegalStateException if not started
     */
    public Map<String, String> environmentVariables() {
        requireRunning();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", bare(imds.url()));
        out.put("AWS_ENDPOINT_URL_STS", bare(sts.url()));
        out.put("AWS_ENDPOINT_URL_SSO", bare(sso.portalUrl()));
        out.put("AWS_ENDPOINT_URL_SSO_OIDC", bare(sso.oidcUrl()));
        out.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY", bare(cognito.url()));
        out.put("AWS_ENDPOINT_URL_IAM", bare(iam.url()));
        out.put("AWS_EC2_METADATA_DISABLED", "false");
        out.put("AWS_EC2_METADATA_V1_DISABLED", "true");
        out.put("AWS_REGION", region);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The AWS SDK for Java v2 system properties equivalent to {@link #environmentVariables()}:
     * {@code aws.ec2MetadataServiceEndpoint}, {@code aws.endpointUrlSts}, {@code aws.endpointUrlSso},
     * {@code aws.endpointUrlSsoOidc}, {@code aws.endpointUrlCognitoIdentity},
     * {@code aws.disableEc2Metadata=false}, {@code aws.disableEc2MetadataV1=true} and {@code aws.region}.
     *
     * @throws IllegalStateException if not started
     */
    public Map<String, String> systemProperties() {
        requireRunning();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("aws.ec2MetadataServiceEndpoint", bare(imds.url()));
        out.put("aws.endpointUrlSts", bare(sts.url()));
        out.put("aws.endpointUrlSso", bare(sso.portalUrl()));
        out.put("aws.endpointUrlSsoOidc", bare(sso.oidcUrl()));
        out.put("aws.endpointUrlCognitoIdentity", bare(cognito.url()));
        out.put("aws.endpointUrlIam", bare(iam.url()));
        out.put("aws.disableEc2Metadata", "false");
        out.put("aws.disableEc2MetadataV1", "true");
        out.put("aws.region", region);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The temporary home directory of this account, created by {@link #start()} and deleted by
     * {@link #close()}: {@code .aws/config} holds {@code [default]} with the region and
     * {@code [sso-session fakeaws]} for the fake SSO ({@link #SSO_SESSION}); {@code .aws/credentials} is
     * empty. Add profiles with {@link #appendConfig(String)}, an SSO login with {@link #ssoLogin(Duration)}.
     *
     * @throws IllegalStateException if not started
     */
    public Path home() {
        requireRunning();
        return home;
    }

    /** The name of the {@code [sso-session]} section in {@link #home()}'s config: {@value}. */
    public static final String SSO_SESSION = "fakeaws";

    /**
     * Appends text (profiles, sections) to {@code .aws/config} in {@link #home()}; a newline is added
     * before and after it.
     *
     * @return the config file
     * @throws IllegalStateException if not started
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path appendConfig(String text) {
        Objects.requireNonNull(text, "text");
        Path config = home().resolve(".aws").resolve("config");
        try {
            Files.writeString(config, "\n" + text + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + config, e);
        }
        return config;
    }

    /**
     * Logs in to the fake SSO as {@code aws sso login --sso-session fakeaws} would: seeds a session
     * ({@link FakeSso#seedSession(Duration)}) and writes its token cache entry into {@link #home()}, so an SSO
     * profile with {@code sso_session = fakeaws} resolves through the fake SSO.
     *
     * @param accessTokenTtl how long the access token lives by the fake clock
     * @return the session (its tokens, and {@code account(...)} to grant roles)
     * @throws IllegalStateException if not started
     * @throws UncheckedIOException if the cache file cannot be written
     */
    public FakeSso.Session ssoLogin(Duration accessTokenTtl) {
        Path h = home();
        FakeSso.Session session = sso.seedSession(accessTokenTtl);
        session.cacheEntry().writeTo(h, SSO_SESSION);
        return session;
    }

    /**
     * A hermetic {@link TempcredsEnvironment} pointed at these fakes: {@link #environmentBuilder()} built.
     * Give it to a provider's builder ({@code .environment(aws.environment())}): no system property or
     * environment variable of the JVM is read, so tests with their own {@code FakeAws} run in parallel.
     *
     * @throws IllegalStateException if not started
     */
    public TempcredsEnvironment environment() {
        return environmentBuilder().build();
    }

    /**
     * A {@link TempcredsEnvironment} builder pre-set for these fakes, to add or override settings (an empty
     * value counts as unset): the clock is {@link #clock()}, the home directory {@link #home()}, the
     * variables are {@link #environmentVariables()}, the container's
     * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and, in Pod Identity mode,
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}), {@code HOME}, {@code AWS_CONFIG_FILE} and
     * {@code AWS_SHARED_CREDENTIALS_FILE} in the home. No system property is set. A provider chain that
     * tries the container endpoint before IMDS picks the fake container; to test IMDS through a chain, add
     * {@code .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")}.
     *
     * @throws IllegalStateException if not started
     */
    public TempcredsEnvironment.Builder environmentBuilder() {
        Path h = home();
        return TempcredsEnvironment.builder()
                .clock(clock)
                .homeDirectory(h)
                .env(environmentVariables())
                .env(container.environmentVariables())
                .env("HOME", h.toString())
                .env("AWS_CONFIG_FILE", h.resolve(".aws").resolve("config").toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", h.resolve(".aws").resolve("credentials").toString());
    }

    /**
     * Points an SDK client builder at its fake, anonymous: {@code endpointOverride} (STS, IAM, SSO portal,
     * SSO-OIDC or Cognito Identity, by the client's service), {@code region} and
     * {@link AnonymousCredentialsProvider}. The HTTP client and everything else stay the builder's.
     *
     * <pre>{@code
     * try (SsoOidcClient oidc = aws.configure(SsoOidcClient.builder()).build()) { ... }
     * }</pre>
     *
     * <p>The SDK signs with the JVM's clock, not the fake clock: see "The clock" in the testkit guide.
     *
     * @throws IllegalStateException if not started
     * @throws IllegalArgumentException if no fake serves the client's service
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return configure(builder, AnonymousCredentialsProvider.create());
    }

    /**
     * As {@link #configure(AwsClientBuilder)}, signing with the given credentials (e.g. a user key seeded
     * with {@code registry().seedUserKey(...)}, or a tempcreds provider under test).
     *
     * <pre>{@code
     * try (StsClient sts = aws.configure(StsClient.builder(), provider).build()) { ... }
     * }</pre>
     *
     * @throws IllegalStateException if not started
     * @throws IllegalArgumentException if no fake serves the client's service
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsCredentialsProvider credentials) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(credentials, "credentials");
        builder.endpointOverride(URI.create(bare(endpointFor(builder))));
        builder.region(Region.of(region));
        builder.credentialsProvider(credentials);
        return builder;
    }

    private String endpointFor(Object builder) {
        requireRunning();
        String pkg = builder.getClass().getPackageName();
        String prefix = "software.amazon.awssdk.services.";
        String service = pkg.startsWith(prefix) ? pkg.substring(prefix.length()) : pkg;
        int dot = service.indexOf('.');
        service = dot < 0 ? service : service.substring(0, dot);
        switch (service) {
            case "sts":
                return sts.url();
            case "iam":
                return iam.url();
            case "sso":
                return sso.portalUrl();
            case "ssooidc":
                return sso.oidcUrl();
            case "cognitoidentity":
                return cognito.url();
            default:
                throw new IllegalArgumentException("FakeAws has no fake for " + builder.getClass().getName()
                        + ": it serves STS, IAM, SSO, SSO-OIDC and Cognito Identity clients (IMDS and the"
                        + " container endpoint are not SDK service clients: use environment())");
        }
    }

    private static String bare(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private synchronized void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException("FakeAws is not running (start() it first)");
        }
    }

    /** Stops every fake. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        AwsHome.deleteQuietly(home);
        RuntimeException first = null;
        List<AbstractFake<?>> reversed = new ArrayList<>(fakes);
        Collections.reverse(reversed);
        for (AbstractFake<?> f : reversed) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(AbstractFake<?> f, RuntimeException cause) {
        try {
            f.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "FakeAws(account " + registry.accountId() + ", " + region + ", " + fakes + ")";
    }

    /**
     * Builds a {@link FakeAws}. Not thread-safe. {@link #build()} creates the fakes without starting them
     * (no I/O, no threads).
     */
    public interface Builder {
        /**
         * The clock every fake shares. Default: {@link MutableClock#at(Instant)} the current second, frozen
         * until a test moves it.
         */
        Builder clock(MutableClock clock);

        /**
         * The registry every fake shares. Default: {@link CredentialRegistry#create()}, account
         * {@value CredentialRegistry#DEFAULT_ACCOUNT_ID}.
         */
        Builder registry(CredentialRegistry registry);

        /** The region of the settings and issued identifiers. Default {@code us-east-1}. */
        Builder region(String region);

        /**
         * Fixed ports: IMDS on {@code portBase}, STS on {@code +1}, SSO portal and OIDC on {@code +2},
         * Cognito Identity on {@code +3}, the container credentials endpoint on {@code +4}, IAM on {@code +5}.
         * Default 0: each fake on a free port.
         *
         * @throws IllegalArgumentException unless 0 or 1..65530
         */
        Builder portBase(int portBase);

        /**
         * Configures the fake IMDS (role name, lifetimes, ...). Its clock, registry and port are set by
         * {@code FakeAws} after this runs. Default: the {@link FakeImds.Builder} defaults.
         */
        Builder imds(Consumer<FakeImds.Builder> configurer);

        /**
         * Configures the fake STS (roles, trusted issuers, signature checks). Its clock, registry and port
         * are set by {@code FakeAws} after this runs. Default: the {@link FakeSts.Builder} defaults.
         */
        Builder sts(Consumer<FakeSts.Builder> configurer);

        /**
         * Configures the fake SSO (start URL, token lifetimes). Its clock, registry and port are set by
         * {@code FakeAws} after this runs; its region defaults to {@link #region(String)}.
         */
        Builder sso(Consumer<FakeSso.Builder> configurer);

        /**
         * Configures the fake Cognito Identity (credential lifetime). Its clock, registry and port are set
         * by {@code FakeAws} after this runs; its region defaults to {@link #region(String)}.
         */
        Builder cognito(Consumer<FakeCognitoIdentity.Builder> configurer);

        /**
         * Configures the fake container credentials endpoint (mode ECS or Pod Identity, role name). Its clock,
         * registry and port are set by {@code FakeAws} after this runs. Default: the
         * {@link FakeContainerCredentials.Builder} defaults (ECS mode).
         */
        Builder container(Consumer<FakeContainerCredentials.Builder> configurer);

        /**
         * Configures the fake IAM (users, keys, MFA, root settings, report generation). Its clock, registry
         * and port ({@code portBase + 5}) are set by {@code FakeAws} after this runs.
         */
        Builder iam(Consumer<FakeIam.Builder> configurer);

        /**
         * Adds a fake of your own that shares the clock and the registry; it starts and stops with the
         * others and is found by {@link FakeAws#fake(Class)}.
         */
        Builder addFake(BiFunction<MutableClock, CredentialRegistry, ? extends AbstractFake<?>> factory);

        /**
         * Creates the fakes, not started.
         *
         * @throws IllegalArgumentException if a setting is invalid
         */
        FakeAws build();
    }

    private static final class BuilderImpl implements Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private String region = "us-east-1";
        private int portBase;
        private Consumer<FakeImds.Builder> imds = b -> { };
        private Consumer<FakeSts.Builder> sts = b -> { };
        private Consumer<FakeSso.Builder> sso = b -> { };
        private Consumer<FakeCognitoIdentity.Builder> cognito = b -> { };
        private Consumer<FakeContainerCredentials.Builder> container = b -> { };
        private Consumer<FakeIam.Builder> iam = b -> { };
        private final List<BiFunction<MutableClock, CredentialRegistry, ? extends AbstractFake<?>>> extraFakes =
                new ArrayList<>();

        @Override
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public Builder registry(CredentialRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        @Override
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("region must look like us-east-1, was " + region);
            }
            this.region = region;
            return this;
        }

        @Override
        public Builder portBase(int portBase) {
            if (portBase < 0 || portBase > 65530) {
                throw new IllegalArgumentException("portBase must be 0 or 1..65530, was " + portBase);
            }
            this.portBase = portBase;
            return this;
        }

        @Override
        public Builder imds(Consumer<FakeImds.Builder> configurer) {
            this.imds = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder sts(Consumer<FakeSts.Builder> configurer) {
            this.sts = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder sso(Consumer<FakeSso.Builder> configurer) {
            this.sso = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder cognito(Consumer<FakeCognitoIdentity.Builder> configurer) {
            this.cognito = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder container(Consumer<FakeContainerCredentials.Builder> configurer) {
            this.container = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder iam(Consumer<FakeIam.Builder> configurer) {
            this.iam = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public Builder addFake(BiFunction<MutableClock, CredentialRegistry, ? extends AbstractFake<?>> factory) {
            extraFakes.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        @Override
        public FakeAws build() {
            MutableClock c = clock != null ? clock : MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            CredentialRegistry r = registry != null ? registry : CredentialRegistry.create();
            return new FakeAws(this, c, r);
        }
    }
}
