package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.reliability.Subject.Kind;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Hostile input for every parser we own, through the public providers: mutated and random credentials
 * answers (IMDS JSON, STS XML, SSO and Cognito JSON) via {@link Fault#body}, mutated SSO token cache files,
 * and mutated profile files. Every try must give a typed {@link CredentialsException} with a message or
 * valid credentials, within a bounded time; a bad token cache file is named in the error and left as it was.
 */
class HostileInputPropertyTest {
    static final RefreshPolicy POLICY = RefreshPolicy.builder().loadTimeout(Duration.ofSeconds(3)).build();
    static final Map<Kind, Subject> SUBJECTS = new EnumMap<>(Kind.class);
    static final ExecutorService CALLER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-caller");
        t.setDaemon(true);
        return t;
    });
    static final char[] NASTY = {'"', '{', '}', '[', ']', ':', ',', '\\', '<', '>', '/', '&', '\u0000', '\n', '\r',
        '\t', '\u2028', '\uFEFF', '\uD800', 'e', '9', '-', '.', ' ', 'x', '\u00e9'};

    static synchronized Subject subject(Kind k) {
        return SUBJECTS.computeIfAbsent(k, kind -> Subject.create(kind, new Subject.Options().policy(POLICY)));
    }

    @AfterContainer
    static void closeAll() {
        SUBJECTS.values().forEach(Subject::close);
        SUBJECTS.clear();
    }

    /** A valid text with 1..6 random edits, or (one time in five) random characters. */
    static String mutate(String valid, Random r) {
        if (r.nextInt(5) == 0) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(300);
            for (int i = 0; i < n; i++) {
                sb.append(r.nextBoolean() ? NASTY[r.nextInt(NASTY.length)] : (char) (32 + r.nextInt(95)));
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(valid);
        int edits = 1 + r.nextInt(6);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(6)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(12)));
                case 1 -> sb.insert(at, NASTY[r.nextInt(NASTY.length)]);
                case 2 -> sb.setCharAt(at, NASTY[r.nextInt(NASTY.length)]);
                case 3 -> sb.setLength(at);
                case 4 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + r.nextInt(40))));
                default -> sb.insert(at, String.valueOf(r.nextLong()));
            }
        }
        return sb.toString();
    }

    /** Loads once through a freshly built provider with a mutated credentials answer. */
    void checkBody(Kind kind, long seed) throws Exception {
        Subject s = subject(kind);
        s.rebuild();
        Random r = new Random(seed);
        String valid = s.credentialsBody("ASIATESTHOSTILE0001", "testsecret-hostile-0000000",
                "testtoken-hostile-0000000", s.fakeClock.instant().plus(Duration.ofHours(1)), null);
        s.fake().inject(Fault.body(200, s.contentType(), mutate(valid, r)).onOperation(s.credentialsOperation()));
        try {
            FaultMatrixIT.Outcome o = FaultMatrixIT.attempt(s);
            assertThat(o.ok()).as("%s seed %d: %s", kind, seed, o.problem()).isTrue();
        } finally {
            s.fake().clearFaults();
        }
    }

    @Property(tries = 60)
    void imdsCredentialsJson_mutated_typedErrorOrValid(@ForAll long seed) throws Exception {
        checkBody(Kind.IMDS, seed);
    }

    @Property(tries = 40)
    void stsAssumeRoleXml_mutated_typedErrorOrValid(@ForAll long seed) throws Exception {
        checkBody(Kind.ROLE_CHAIN, seed);
    }

    @Property(tries = 40)
    void ssoRoleCredentialsJson_mutated_typedErrorOrValid(@ForAll long seed) throws Exception {
        checkBody(Kind.SSO, seed);
    }

    @Property(tries = 40)
    void cognitoCredentialsJson_mutated_typedErrorOrValid(@ForAll long seed) throws Exception {
        checkBody(Kind.COGNITO, seed);
    }

    @Property(tries = 60)
    void ssoTokenCacheFile_mutated_typedErrorNamingTheFileAndFileUntouched(@ForAll long seed) throws Exception {
        Subject.Sso s = (Subject.Sso) subject(Kind.SSO);
        Path file = s.cacheFile();
        String valid = Files.readString(file);
        if (!valid.contains("accessToken")) { // a previous try left garbage: restore a valid entry first
            s.sso.seedSession(Duration.ofDays(3650)).cacheEntry().writeTo(s.home, Subject.Sso.SESSION);
            valid = Files.readString(file);
        }
        String hostile = mutate(valid, new Random(seed));
        byte[] written = bytes(hostile, seed);
        Files.write(file, written);
        s.rebuild();
        try {
            AwsCredentials c = call(() -> s.provider.resolveCredentials());
            Secrets.served(c); // the mutation kept a usable entry
        } catch (CredentialsException e) {
            assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
            if (e.getMessage().contains("cache")) {
                assertThat(e.getMessage()).as("names the file").contains(file.getFileName().toString());
            }
            assertThat(Files.readAllBytes(file)).as("a bad cache file is left as it was").isEqualTo(written);
        } finally {
            s.sso.seedSession(Duration.ofDays(3650)).cacheEntry().writeTo(s.home, Subject.Sso.SESSION);
        }
    }

    static final String PROFILE = """
            [default]
            region = us-east-1

            [profile base]
            aws_access_key_id = AKIATESTPROFILE0001
            aws_secret_access_key = testsecret-profile

            [profile app]
            role_arn = arn:aws:iam::123456789012:role/App
            source_profile = base
            duration_seconds = 900
            role_session_name = fuzz

            [profile sso-user]
            sso_session = fuzz
            sso_account_id = 123456789012
            sso_role_name = ReadOnly

            [sso-session fuzz]
            sso_start_url = https://example.awsapps.com/start
            sso_region = us-east-1
            """;

    @Property(tries = 100)
    void profileFiles_mutated_typedErrorNeverAnotherKind(@ForAll long seed) throws Exception {
        String hostile = mutate(PROFILE, new Random(seed));
        if (hostile.contains("credential_process") || hostile.contains("credential_source")) {
            return; // never run a command or reach a real metadata service from a fuzz case
        }
        Path dir = Files.createTempDirectory("hostile-profile");
        Path config = Files.write(dir.resolve("config"), bytes(hostile, seed));
        Path credentials = Files.write(dir.resolve("credentials"), bytes(mutate("[base]\nregion = us-east-1\n",
                new Random(~seed)), ~seed));
        // Every endpoint points at a closed loopback port: whatever the mutation selects, nothing leaves.
        TempcredsEnvironment env = TempcredsEnvironment.builder()
                .clock(MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"))).homeDirectory(dir)
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9").env("AWS_EC2_METADATA_DISABLED", "true")
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9").env("AWS_REGION", "us-east-1").build();
        for (String profile : new String[] {"app", "sso-user", "default"}) {
            try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName(profile)
                    .configFile(config).credentialsFile(credentials).environment(env).refreshPolicy(POLICY).build()) {
                call(p::resolveCredentials);
            } catch (CredentialsException e) {
                assertThat(e.getMessage()).as("seed %d profile %s", seed, profile).isNotBlank();
            }
        }
    }

    /** Runs a call bounded in real time; a typed error passes through, anything else fails the property. */
    static AwsCredentials call(java.util.concurrent.Callable<AwsCredentials> c) throws Exception {
        Future<AwsCredentials> f = CALLER.submit(c);
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CredentialsException ce) {
                throw ce;
            }
            throw new AssertionError("untyped " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("call did not return within 20 s (hang)");
        }
    }

    /** UTF-8 bytes (lone surrogates become '?'); one file in seven also gets invalid UTF-8 bytes. */
    static byte[] bytes(String s, long seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (Math.floorMod(seed, 7) == 0 && b.length > 0) {
            int at = (int) Math.floorMod(seed >>> 8, (long) b.length);
            byte[] out = new byte[b.length + 2];
            System.arraycopy(b, 0, out, 0, at);
            out[at] = (byte) 0xC3;
            out[at + 1] = (byte) 0x28;
            System.arraycopy(b, at, out, at + 2, b.length - at);
            return out;
        }
        return b;
    }
}
