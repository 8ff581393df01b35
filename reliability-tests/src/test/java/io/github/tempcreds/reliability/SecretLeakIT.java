package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.reliability.Subject.Kind;
import io.github.tempcreds.testkit.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * No secret in anything the library lets out: every provider runs a normal load, a token refresh, a rotation
 * and a series of faults; then every exception message (with causes), every {@code toString()} of providers,
 * health, events, fakes, their journals (recorded requests), SSO sessions and cache entries, registries and
 * issued credentials, and the whole TRACE log of this test
 * JVM ({@code target/tempcreds-trace.log}, slf4j-simple, {@code io.github.tempcreds} at TRACE) are scanned for
 * every secret this JVM saw issued or served ({@link Secrets}: secret keys, session tokens, IMDS tokens, SSO
 * access/refresh tokens and client secret, web identity token). Fails the build on the first hit.
 */
class SecretLeakIT {
    // A bound for a loaded machine (the first SDK client of a JVM can take seconds to build); no fault here hangs.
    static final RefreshPolicy POLICY = RefreshPolicy.builder().loadTimeout(Duration.ofSeconds(30)).build();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everything_printedOrLogged_containsNoSecret() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Kind k : Kind.values()) {
            List<CredentialsEvent> events = new CopyOnWriteArrayList<>();
            CredentialsListener l = new CredentialsListener() {
                @Override public void refreshStarted(CredentialsEvent e) { events.add(e); }
                @Override public void refreshSucceeded(CredentialsEvent e) { events.add(e); }
                @Override public void refreshFailed(CredentialsEvent e) { events.add(e); }
                @Override public void backoff(CredentialsEvent e) { events.add(e); }
            };
            try (Subject s = Subject.create(k, new Subject.Options().policy(POLICY).listener(l))) {
                texts.add(s.provider.toString());
                texts.add(s.provider.getClass().getMethod("toBuilder").invoke(s.provider).toString());
                AwsCredentials first = s.provider.resolveCredentials();
                Secrets.served(first);
                texts.add(first.toString());
                s.registry.find(first.accessKeyId()).ifPresent(i -> texts.add(i.toString()));
                // rotation: into the mandatory window, a second load
                Instant exp = ((software.amazon.awssdk.auth.credentials.AwsSessionCredentials) first).expirationTime()
                        .orElseThrow();
                s.advance(Duration.between(s.clock.instant(), exp).minusSeconds(30));
                Secrets.served(s.provider.resolveCredentials());
                List<Fault> faults = new ArrayList<>(List.of(Fault.status(500), Fault.status(403), Fault.malformedBody(),
                        Fault.emptyBody(), Fault.randomDataThenClose(), Fault.throttle(), leakyBody(s)));
                faults.addAll(hostileBodies(s));
                for (Fault f : faults) {
                    s.fake().inject(f.onOperation(s.credentialsOperation()));
                    s.advance(Duration.ofHours(2)); // past expiry: the call must load, and fail
                    try {
                        Secrets.served(s.provider.resolveCredentials());
                    } catch (CredentialsException e) {
                        addChain(e, texts);
                    }
                    texts.add(s.provider.health().toString());
                    texts.add(String.valueOf(s.provider.health().lastErrorMessage()));
                    s.fake().clearFaults();
                }
                texts.add(s.provider.health().toString());
                events.forEach(e -> texts.add(e.toString()));
                texts.add(s.fake().toString());
                s.fake().journal().forEach(r -> texts.add(r.toString()));
                if (s instanceof Subject.Sso sso) {
                    io.github.tempcreds.testkit.FakeSso.Session session = sso.sso.seedSession(Duration.ofHours(1));
                    Secrets.add(session.accessToken());
                    Secrets.add(session.refreshToken());
                    Secrets.add(session.clientSecret());
                    texts.add(session.toString());
                    texts.add(session.cacheEntry().toString());
                }
                texts.add(s.registry.toString());
                if (s instanceof Subject.Sso sso) {
                    // the cache file holds tokens the provider rotated during the run
                    String cache = Files.readString(sso.cacheFile());
                    for (String field : List.of("accessToken", "refreshToken", "clientSecret")) {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"")
                                .matcher(cache);
                        if (m.find()) {
                            Secrets.add(m.group(1));
                        }
                    }
                }
                s.collectSecrets();
            }
        }
        assertThat(Secrets.snapshot()).as("secrets collected").hasSizeGreaterThan(20);

        List<String> hits = new ArrayList<>();
        for (String t : texts) {
            for (String secret : Secrets.foundIn(t)) {
                hits.add("secret " + mask(secret) + " in: " + mask(t, secret));
            }
        }
        Path log = Path.of(System.getProperty("reliability.target", "target"), "tempcreds-trace.log");
        assertThat(log).as("slf4j-simple writes the TRACE log here (see the module pom)").exists();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).as("TRACE logging is on").anyMatch(x -> x.contains("io.github.tempcreds"));
        for (String line : lines) {
            for (String secret : Secrets.foundIn(line)) {
                hits.add("secret " + mask(secret) + " in log line: " + mask(line, secret));
            }
        }
        Path target = Path.of(System.getProperty("reliability.target", "target"));
        Files.writeString(target.resolve("secret-scan.md"), "Scanned " + texts.size() + " strings and " + lines.size()
                + " log lines for " + Secrets.snapshot().size() + " secrets: " + hits.size() + " hits.\n"
                + String.join("\n", hits.stream().limit(20).toList()) + "\n");
        assertThat(hits).isEmpty();
    }

    /** A 200 answer whose credentials are already expired: the rejection message must not echo them. */
    static Fault leakyBody(Subject s) {
        String secret = "testsecret-leakcheck-" + s.kind + "-0123456789";
        String token = "testtoken-leakcheck-" + s.kind + "-0123456789";
        Secrets.add(secret);
        Secrets.add(token);
        return Fault.body(200, s.contentType(), s.credentialsBody("ASIATESTLEAKCHECK01", secret, token,
                s.fakeClock.instant().minusSeconds(600), null));
    }

    /** Every message and string form of a throwable, its causes and its suppressed exceptions. */
    static void addChain(Throwable e, List<String> texts) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(trace));
            texts.add(trace.toString());
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
            for (Throwable sup : t.getSuppressed()) {
                todo.push(sup);
            }
        }
    }

    /**
     * Answers shaped like the credentials answer but broken where a secret stands, so that a parser's error
     * text would quote it: the secret key unquoted in JSON (a JSON parser says "Unrecognized token '...'"),
     * the session token as the expiration (a time parser quotes the text it could not parse).
     */
    static List<Fault> hostileBodies(Subject s) {
        String secret = "testsecret-hostile-" + s.kind + "-0123456789";
        String token = "testtoken-hostile-" + s.kind + "-0123456789";
        Secrets.add(secret);
        Secrets.add(token);
        Instant exp = s.fakeClock.instant().plusSeconds(3600);
        String valid = s.credentialsBody("ASIATESTHOSTILE001", secret, token, exp, null);
        List<Fault> faults = new ArrayList<>();
        if (valid.contains("\"" + secret + "\"")) {
            faults.add(Fault.body(200, s.contentType(), valid.replace("\"" + secret + "\"", secret)));
        }
        String iso = exp.toString();
        String epochSeconds = String.valueOf(exp.getEpochSecond());
        String epochMillis = String.valueOf(exp.toEpochMilli());
        String badTime = valid.contains(iso) ? valid.replace(iso, token)
                : valid.contains(epochMillis) ? valid.replace(epochMillis, "\"" + token + "\"")
                : valid.replaceFirst("(\"Expiration\"\\s*:\\s*)[0-9.E]+", "$1\"" + token + "\"");
        if (!badTime.equals(valid)) {
            faults.add(Fault.body(200, s.contentType(), badTime));
        }
        faults.add(Fault.body(200, s.contentType(), valid.substring(0, valid.indexOf(secret) + secret.length())));
        if (s.kind == Subject.Kind.COGNITO) {
            // Cognito's error texts can echo the login token it was sent.
            String login = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0LWhvc3RpbGUifQ.testsignature-hostile-0123456789";
            Secrets.add(login);
            faults.add(Fault.body(400, s.contentType(), "{\"__type\":\"NotAuthorizedException\",\"message\":"
                    + "\"Invalid login token. Token '" + login + "' is not from a supported provider\"}"));
        }
        return faults;
    }

    static String mask(String secret) {
        return secret.substring(0, 6) + "…(" + secret.length() + " chars)";
    }

    static String mask(String text, String secret) {
        String t = text.replace(secret, "<SECRET>");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
