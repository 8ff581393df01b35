package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameworkWrappingTest {
    private static final String READER = "arn:aws:iam::123456789012:role/reader";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/admin";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CredentialRegistry registry = CredentialRegistry.create("123456789012", new Random(9));
    private FakeSts sts;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        registry.seedUserKey("AKIATESTFRAMEWORK001", "testsecret-fw", "app");
        sts = FakeSts.builder().clock(clock).registry(registry)
                .role(RoleSpec.builder(READER).trustPrincipal("arn:aws:iam::123456789012:user/app").build())
                .role(RoleSpec.builder(ADMIN).trustPrincipal(READER).build()).build().start();
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private TempcredsEnvironment env() {
        return TempcredsEnvironment.builder().clock(clock).random(new Random(2))
                .env("AWS_ACCESS_KEY_ID", "AKIATESTFRAMEWORK001").env("AWS_SECRET_ACCESS_KEY", "testsecret-fw").build();
    }

    private Map<String, String> roleChain() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tempcreds.provider", "role-chain");
        p.put("tempcreds.role-chain.source", "env");
        p.put("tempcreds.role-chain.hops[0].role-arn", READER);
        p.put("tempcreds.role-chain.hops[1].role-arn", ADMIN);
        p.put("tempcreds.role-chain.hops[1].session-name", "framework-app");
        p.put("tempcreds.sts.endpoint", sts.url());
        p.put("tempcreds.refresh.background", "true");
        return p;
    }

    private ReadinessCheck.Status wire(Map<String, String> properties) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return FrameworkWrapping.wire(properties, env(), o, e);
        }
    }

    @Test
    void wire_roleChainProperties_resolvesReadyAndCountsEachHop() {
        ReadinessCheck.Status status = wire(roleChain());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status.up()).as(printed + err).isTrue();
        assertThat(status.toJson()).containsEntry("status", "UP");
        assertThat(printed).contains("readiness before the first call: DOWN (role-chain[2/2]: no credentials loaded yet)")
                .contains("tempcreds.credentials.refresh{outcome=success,source=role-chain[1/2]} count=1")
                .contains("tempcreds.credentials.refresh{outcome=success,source=role-chain[2/2]} count=1")
                .contains("tempcreds.credentials.state{source=role-chain[2/2],state=fresh} 1.0")
                .doesNotContain("testsecret").doesNotContain("FakeSecret");
        assertThat(sts.journal("AssumeRole")).hasSize(2);
        assertThat(sts.journal("AssumeRole").get(1).form().get("RoleSessionName")).containsExactly("framework-app");
    }

    @Test
    void wire_unknownProperty_downWithTheKeyNamed() {
        Map<String, String> p = roleChain();
        p.put("tempcreds.role-chain.hop[2].role-arn", ADMIN);

        ReadinessCheck.Status status = wire(p);

        assertThat(status.up()).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown property tempcreds.role-chain.hop[2].role-arn");
        assertThat(sts.journal()).isEmpty();
    }

    @Test
    void wire_gapInHops_configurationError() {
        Map<String, String> p = roleChain();
        p.put("tempcreds.role-chain.hops[3].role-arn", ADMIN);

        assertThat(wire(p).up()).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hops are numbered from 0 without gaps");
    }

    @Test
    void wire_badDuration_configurationErrorNamesKey() {
        Map<String, String> p = roleChain();
        p.put("tempcreds.refresh.load-timeout", "soon");

        assertThat(wire(p).up()).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tempcreds.refresh.load-timeout must be a duration");
    }

    @Test
    void main_propertyOptions_wiredAndExitZeroWhenUp() {
        RunResult r = RunResult.run(env(), "framework", "--property", "tempcreds.provider=role-chain",
                "--property", "tempcreds.role-chain.source=env", "--property", "tempcreds.role-chain.hops[0].role-arn=" + READER,
                "--property", "tempcreds.sts.endpoint=" + sts.url());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("readiness: UP (role-chain[1/1]: FRESH, expires in 60 min)");
    }

    @Test
    void main_selfContained_upThenDownWithReasonAndFailureMetricsExitOne() {
        RunResult r = RunResult.run(TempcredsEnvironment.builder().build(), "framework");

        assertThat(r.exitCode).as("ends DOWN, so exit 1 as the help says\n" + r).isEqualTo(1);
        assertThat(r.out).contains("readiness: UP (imds: FRESH")
                .contains("readiness: DOWN (imds: credentials UNUSABLE; last error RETRIEVAL")
                .contains("\"status\":\"DOWN\"")
                .contains("tempcreds.credentials.refresh{outcome=failure,source=imds} count=1")
                .contains("tempcreds.credentials.refresh{outcome=success,source=imds} count=1")
                .contains("tempcreds.credentials.state{source=imds,state=unusable} 1.0");
        // The failed load made 4 attempts with real retry waits (at least 50 + 100 + 200 ms): a timer that
        // reads a frozen clock would say 0.
        java.util.regex.Matcher failed = java.util.regex.Pattern
                .compile("refresh\\{outcome=failure,source=imds} count=1 totalMs=(\\d+)").matcher(r.out);
        assertThat(failed.find()).as(r.out).isTrue();
        assertThat(Long.parseLong(failed.group(1))).as(r.out).isGreaterThanOrEqualTo(300);
    }

    @Test
    void main_badPropertySyntax_usageError() {
        assertThat(RunResult.run(env(), "framework", "--property", "novalue").exitCode).isEqualTo(2);
    }
}
