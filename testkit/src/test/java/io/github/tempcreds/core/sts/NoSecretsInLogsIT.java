package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Every line our loggers write during chains, web identity, MFA and failures is free of secrets. */
class NoSecretsInLogsIT {
    @TempDir
    Path home;

    @Test
    void chainWebIdentityMfaAndErrors_ourLogLinesHoldNoSecret() {
        List<String> secrets = new ArrayList<>(List.of(StsFixture.USER_SECRET));
        String serial = "arn:aws:iam::123456789012:mfa/logcheck";
        String mfaCode = "740213";
        String log;
        try (StsFixture f = new StsFixture()) {
            OidcIssuer issuer = OidcIssuer.create("https://oidc.logs.test");
            f.sts.trustIssuer(issuer);
            f.sts.role(RoleSpec.builder(role("Pod")).trustWebIdentity("https://oidc.logs.test", "sts.amazonaws.com")
                    .build());
            f.sts.role(RoleSpec.builder(role("Mfa")).trustPrincipal(role("Pod")).mfa(serial, c -> c.equals(mfaCode))
                    .build());
            String jwt = issuer.mint("app", "sts.amazonaws.com", f.clock.instant(), Duration.ofHours(1), Map.of());
            secrets.add(jwt);
            log = StsFixture.captureStderr(() -> {
                try (WebIdentityCredentialsProvider web = WebIdentityCredentialsProvider.builder()
                        .environment(f.env(home)).endpoint(f.sts.uri()).roleArn(role("Pod")).webIdentityToken(() -> jwt)
                        .build();
                     RoleChainCredentialsProvider chain = f.chain(home).source(web)
                             .addHop(RoleHop.builder().roleArn(role("Mfa")).duration(Duration.ofHours(3))
                                     .mfa(serial, () -> mfaCode).build()).build()) {
                    AwsCredentials c = chain.resolveCredentials();
                    secrets.add(c.secretAccessKey());
                    secrets.add(((AwsSessionCredentials) c).sessionToken());
                    AwsCredentials w = web.resolveCredentials();
                    secrets.add(w.secretAccessKey());
                    secrets.add(((AwsSessionCredentials) w).sessionToken());
                    f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
                    try {
                        chain.resolveCredentials(); // the code was used: the coordinator refuses to resend it
                    } catch (CredentialsException expected) {
                        assertThat(expected.getMessage()).doesNotContain(mfaCode);
                    }
                }
            });
        }
        List<String> ours = log.lines().filter(l -> l.contains("io.github.tempcreds.core")).collect(Collectors.toList());
        assertThat(ours).isNotEmpty();
        assertThat(ours).anySatisfy(l -> assertThat(l).contains("clamped to PT1H"));
        for (String secret : secrets) {
            assertThat(ours).noneMatch(l -> l.contains(secret));
        }
        assertThat(ours).noneMatch(l -> l.contains(mfaCode));
    }
}
