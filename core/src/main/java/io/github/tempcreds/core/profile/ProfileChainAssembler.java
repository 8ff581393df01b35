package io.github.tempcreds.core.profile;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.StsProviderBuilder;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProcessCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Turns a {@link ProfileChainPlan} into providers: the root source, then a
 * {@link RoleChainCredentialsProvider} over the hops. Everything created is listed in
 * {@link Assembled#closeables} so the profile provider can close it.
 *
 * <p>Not thread-safe; used under the profile provider's lock.
 */
final class ProfileChainAssembler {
    static final String MISSING_MODULE = "Profile %s needs the %s credential source, which lives in the "
            + "module %s: add that artifact to the class path";
    static final String MFA_NEEDS_SUPPLIER = "Profile %s in %s has key mfa_serial (%s), which needs an MFA "
            + "token-code supplier: set ProfileChainCredentialsProvider.builder().mfaTokenCode(serial -> code)";
    static final String ECS_NOT_CONFIGURED = "Profile %s has credential_source = EcsContainer, but neither "
            + "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set";
    static final String BAD_SETTING = "Profile %s in %s: %s";

    /** Settings the profile provider passes on. */
    static final class Settings {
        TempcredsEnvironment environment;
        Function<String, String> mfaTokenCode;
        StsClient stsClient;
        String region;
        URI endpoint;
        boolean allowInsecureEndpoint;
        boolean strictDurations;
        RefreshPolicy refreshPolicy;
        List<CredentialsListener> listeners = new ArrayList<>();
        boolean backgroundRefresh;
        String sourceName;
        ClassLoader classLoader;
    }

    /** The providers built for a plan. */
    static final class Assembled {
        final AwsCredentialsProvider provider;
        final List<AutoCloseable> closeables;

        Assembled(AwsCredentialsProvider provider, List<AutoCloseable> closeables) {
            this.provider = provider;
            this.closeables = closeables;
        }
    }

    private final Settings settings;
    private final ProfilePlanner planner;

    ProfileChainAssembler(Settings settings, ProfilePlanner planner) {
        this.settings = settings;
        this.planner = planner;
    }

    Assembled assemble(ProfileChainPlan plan) {
        List<AutoCloseable> closeables = new ArrayList<>();
        String region = settings.region != null ? settings.region
                : settings.environment.setting("aws.region", "AWS_REGION")
                        .or(() -> settings.environment.env("AWS_DEFAULT_REGION"))
                        .orElse(plan.region().orElse(null));
        try {
            AwsCredentialsProvider root = root(plan.source(), region, closeables);
            if (plan.hops().isEmpty()) {
                return new Assembled(root, closeables);
            }
            RoleChainCredentialsProvider.Builder chain = RoleChainCredentialsProvider.builder()
                    .source(root)
                    .sourceName(settings.sourceName)
                    .environment(settings.environment)
                    .strictDurations(settings.strictDurations)
                    .allowInsecureEndpoint(settings.allowInsecureEndpoint)
                    .backgroundRefresh(settings.backgroundRefresh);
            configureSts(chain, region);
            if (settings.refreshPolicy != null) {
                chain.refreshPolicy(settings.refreshPolicy);
            }
            settings.listeners.forEach(chain::addListener);
            for (ProfileChainPlan.Hop hop : plan.hops()) {
                chain.addHop(roleHop(hop));
            }
            RoleChainCredentialsProvider built = chain.build();
            closeables.add(0, built);
            return new Assembled(built, closeables);
        } catch (RuntimeException e) {
            closeAll(closeables);
            throw e;
        }
    }

    /** Applies the STS client, region and endpoint that are set; the builder keeps its defaults otherwise. */
    private <B extends StsProviderBuilder<B>> void configureSts(B builder, String region) {
        if (settings.stsClient != null) {
            builder.stsClient(settings.stsClient);
        }
        if (region != null) {
            builder.region(region);
        }
        if (settings.endpoint != null) {
            builder.endpoint(settings.endpoint);
        }
    }

    private RoleHop roleHop(ProfileChainPlan.Hop hop) {
        RoleHop.Builder b = RoleHop.builder().roleArn(hop.roleArn());
        hop.roleSessionName().ifPresent(b::roleSessionName);
        hop.duration().ifPresent(b::duration);
        if (hop.externalId != null) {
            b.externalId(hop.externalId);
        }
        if (hop.mfaSerial().isPresent()) {
            String serial = hop.mfaSerial().get();
            if (settings.mfaTokenCode == null) {
                throw CredentialsConfigurationException.newBuilder().source("profile").message(String.format(
                        MFA_NEEDS_SUPPLIER, ProfilePlanner.q(hop.profileName()),
                        planner.origin(hop.profileName(), "mfa_serial"), ProfilePlanner.q(serial))).build();
            }
            Function<String, String> codes = settings.mfaTokenCode;
            b.mfa(serial, () -> codes.apply(serial));
        }
        try {
            return b.build();
        } catch (CredentialsConfigurationException e) {
            throw CredentialsConfigurationException.newBuilder().source("profile").cause(e).message(String.format(
                    BAD_SETTING, ProfilePlanner.q(hop.profileName()), planner.origin(hop.profileName(), "role_arn"),
                    e.getMessage()))
                    .build();
        }
    }

    private AwsCredentialsProvider root(ProfileChainPlan.Source s, String region, List<AutoCloseable> closeables) {
        Map<String, String> p = s.properties;
        switch (s.kind()) {
            case STATIC_KEYS:
                return StaticCredentialsProvider.create(staticKeys(p));
            case ENVIRONMENT:
                return new EnvironmentKeysProvider(s.profileName(), settings.environment);
            case EC2_INSTANCE_METADATA:
                return fromModule(ProfileCredentialsSource.EC2_INSTANCE_METADATA, "io.github.tempcreds:tempcreds-imds",
                        s, closeables);
            case SSO:
                return fromModule(ProfileCredentialsSource.SSO, "io.github.tempcreds:tempcreds-sso", s, closeables);
            case ECS_CONTAINER:
                return ecs(s, closeables);
            case WEB_IDENTITY:
                return webIdentity(s, region, closeables);
            default:
                return process(s, closeables);
        }
    }

    private static software.amazon.awssdk.auth.credentials.AwsCredentials staticKeys(Map<String, String> p) {
        String id = p.get(ProfilePlanner.KEY_ACCESS_KEY_ID).trim();
        String secret = p.get(ProfilePlanner.KEY_SECRET_ACCESS_KEY).trim();
        String token = p.get(ProfilePlanner.KEY_SESSION_TOKEN);
        if (token != null && !token.isBlank()) {
            return AwsSessionCredentials.builder().accessKeyId(id).secretAccessKey(secret).sessionToken(token.trim())
                    .providerName("tempcreds-profile").build();
        }
        return AwsBasicCredentials.builder().accessKeyId(id).secretAccessKey(secret).providerName("tempcreds-profile")
                .build();
    }

    private AwsCredentialsProvider webIdentity(ProfileChainPlan.Source s, String region,
                                               List<AutoCloseable> closeables) {
        WebIdentityCredentialsProvider.Builder b = WebIdentityCredentialsProvider.builder()
                .roleArn(s.roleArn().orElseThrow())
                .webIdentityTokenFile(tokenFile(s))
                .environment(settings.environment)
                .allowInsecureEndpoint(settings.allowInsecureEndpoint)
                .sourceName(settings.sourceName + "-web-identity");
        s.roleSessionName().ifPresent(b::roleSessionName);
        configureSts(b, region);
        if (settings.refreshPolicy != null) {
            b.refreshPolicy(settings.refreshPolicy);
        }
        settings.listeners.forEach(b::addListener);
        WebIdentityCredentialsProvider w = b.build();
        closeables.add(w);
        return w;
    }

    private Path tokenFile(ProfileChainPlan.Source s) {
        String value = s.detail().orElseThrow();
        try {
            return Paths.get(value);
        } catch (InvalidPathException e) {
            throw CredentialsConfigurationException.newBuilder().source("profile").message(String.format(BAD_SETTING,
                    ProfilePlanner.q(s.profileName()), planner.origin(s.profileName(), "web_identity_token_file"),
                    "web_identity_token_file is not a valid path: " + ProfilePlanner.q(value) + " ("
                            + e.getReason() + ")")).build();
        }
    }

    private AwsCredentialsProvider fromModule(String name, String artifact, ProfileChainPlan.Source s,
                                              List<AutoCloseable> closeables) {
        ProfileCredentialsSource source = find(name);
        if (source != null) {
            String ssoSession = s.properties.get(ProfilePlanner.KEY_SSO_SESSION);
            ProfileSourceContext ctx = new ProfileSourceContext(s.profileName(), s.properties, ssoSession,
                    planner.ssoSession(ssoSession), settings.environment);
            AwsCredentialsProvider p = source.create(ctx);
            if (p instanceof AutoCloseable) {
                closeables.add((AutoCloseable) p);
            }
            return p;
        }
        throw CredentialsConfigurationException.newBuilder().source("profile").message(String.format(
                MISSING_MODULE, ProfilePlanner.q(s.profileName()), name, artifact)).build();
    }

    /** The source named {@code name}: from the configured class loader, else the thread's context loader. */
    private ProfileCredentialsSource find(String name) {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(settings.classLoader);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != settings.classLoader) {
            loaders.add(context);
        }
        for (ClassLoader cl : loaders) {
            for (ProfileCredentialsSource source : ServiceLoader.load(ProfileCredentialsSource.class, cl)) {
                if (name.equals(source.name())) {
                    return source;
                }
            }
        }
        return null;
    }

    /**
     * The container credentials source from the module {@code tempcreds-container}, found with the service
     * loader; the environment is consulted first to fail early with a clear message when neither URI is set.
     */
    private AwsCredentialsProvider ecs(ProfileChainPlan.Source s, List<AutoCloseable> closeables) {
        TempcredsEnvironment env = settings.environment;
        boolean configured = env.setting("aws.containerCredentialsPath", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                .or(() -> env.setting("aws.containerCredentialsFullUri", "AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                .isPresent();
        if (!configured) {
            throw CredentialsConfigurationException.newBuilder().source("profile")
                    .message(String.format(ECS_NOT_CONFIGURED, ProfilePlanner.q(s.profileName()))).build();
        }
        return fromModule(ProfileCredentialsSource.ECS_CONTAINER, "io.github.tempcreds:tempcreds-container", s,
                closeables);
    }

    private AwsCredentialsProvider process(ProfileChainPlan.Source s, List<AutoCloseable> closeables) {
        ProcessCredentialsProvider sdk = ProcessCredentialsProvider.builder()
                .command(s.detail().orElseThrow()).asyncCredentialUpdateEnabled(false).build();
        closeables.add(sdk);
        return wrap("credential-process", sdk, closeables);
    }

    private AwsCredentialsProvider wrap(String name, AwsCredentialsProvider sdk, List<AutoCloseable> closeables) {
        RefreshingCredentialsProvider.Builder b = RefreshingCredentialsProvider.builder().sourceName(name)
                .delegate(sdk).environment(settings.environment);
        if (settings.refreshPolicy != null) {
            b.refreshPolicy(settings.refreshPolicy);
        }
        RefreshingCredentialsProvider r = b.build();
        closeables.add(0, r);
        return r;
    }

    static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ProfileChainAssembler.class).debug("closing {} failed", c, e);
            }
        }
    }
}
