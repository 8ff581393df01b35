package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.cognito.CognitoLogins;
import io.github.tempcreds.core.ExpiredCredentialsInterceptor;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TemporaryCredentialsGuard;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The code snippets of README.md, verbatim between the {@code // README:} markers,
 * so they compile against the current API and cannot rot. Building a provider does no I/O, so each
 * snippet is also built (not resolved: that would need AWS).
 */
class ReadmeSnippetsTest {
    private final List<AutoCloseable> built = new ArrayList<>();

    private <T extends AutoCloseable> T keep(T c) {
        built.add(c);
        return c;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : built) {
            c.close();
        }
    }

    private static String currentIdToken() {
        return "header.payload.signature";
    }

    @Test
    void chain_snippet_builds() {
        // README: chain
        TemporaryCredentialsChain credentials = TemporaryCredentialsChain.create();
        // README: end
        keep(credentials);
        assertThat(credentials.toString()).contains("TemporaryCredentialsChain");
    }

    @Test
    void imds_snippet_builds() {
        // README: imds
        ImdsCredentialsProvider credentials = ImdsCredentialsProvider.create();
        StsClient sts = StsClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).build();
        // README: end
        keep(credentials);
        keep(sts);
        assertThat(credentials.toString()).contains("Imds");
    }

    @Test
    void roleChain_snippet_builds() {
        // README: role-chain
        RoleChainCredentialsProvider credentials = RoleChainCredentialsProvider.builder()
                .source(ImdsCredentialsProvider.create())              // the instance role
                .addHop("arn:aws:iam::111122223333:role/reader")         // assumed with the instance role
                .addHop(RoleHop.builder()                                // assumed with reader's credentials
                        .roleArn("arn:aws:iam::444455556666:role/deployer")
                        .externalId("partner-7")
                        .build())
                .region("us-east-1")
                .build();
        // README: end
        keep(credentials);
        assertThat(credentials.toString()).contains("deployer");
    }

    @Test
    void webIdentity_snippet_builds() {
        // README: web-identity
        // From AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (as EKS IRSA sets them), or explicitly:
        WebIdentityCredentialsProvider credentials = WebIdentityCredentialsProvider.builder()
                .roleArn("arn:aws:iam::111122223333:role/app")
                .webIdentityTokenFile(Path.of("/var/run/secrets/eks.amazonaws.com/serviceaccount/token"))
                .region("us-east-1")
                .build();
        // README: end
        keep(credentials);
    }

    @Test
    void sso_snippet_builds() {
        // README: sso
        // After `aws sso login --sso-session my-sso`; the access token is refreshed and written back.
        SsoSessionCredentialsProvider credentials = SsoSessionCredentialsProvider.builder()
                .ssoSession("my-sso").startUrl("https://my-sso-portal.awsapps.com/start").ssoRegion("us-east-1")
                .accountId("111122223333").roleName("ReadOnly")
                .build();
        // README: end
        keep(credentials);
    }

    @Test
    void cognito_snippet_builds() {
        // README: cognito
        CognitoIdentityCredentialsProvider credentials = CognitoIdentityCredentialsProvider.builder()
                .identityPoolId("us-east-1:3f0c5b1e-1234-4e6a-9d1b-0a1b2c3d4e5f")
                .logins(() -> CognitoLogins.of("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf",
                        currentIdToken()))                            // asked again on every refresh
                .build();
        CognitoIdentityCredentialsProvider guest = CognitoIdentityCredentialsProvider.builder()
                .identityPoolId("us-east-1:3f0c5b1e-1234-4e6a-9d1b-0a1b2c3d4e5f")
                .logins(CognitoLogins.guest())
                .build();
        // README: end
        keep(credentials);
        keep(guest);
    }

    @Test
    void profile_snippet_builds() {
        // README: profile
        // [profile prod-admin] role_arn = ..., source_profile = ... / credential_source = Ec2InstanceMetadata / sso_session = ...
        ProfileChainCredentialsProvider credentials = ProfileChainCredentialsProvider.create("prod-admin");
        // README: end
        keep(credentials);
    }

    @Test
    void guardAndInterceptor_snippet_builds() {
        RefreshableCredentialsProvider credentials = keep(ImdsCredentialsProvider.create());
        // README: guard
        // Refuse long-term keys (AKIA..., or no session token) from any provider, including the SDK's:
        TemporaryCredentialsGuard guarded = TemporaryCredentialsGuard.create(credentials);
        // Reload at once when a service answers ExpiredToken for credentials it was given:
        StsClient sts = StsClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(guarded)
                .overrideConfiguration(o -> o.addExecutionInterceptor(ExpiredCredentialsInterceptor.create(credentials)))
                .build();
        // README: end
        keep(sts);
    }

    @Test
    void readme_containsEverySnippetVerbatim() throws Exception {
        String source = java.nio.file.Files.readString(
                Path.of("src/test/java/io/github/tempcreds/examples/ReadmeSnippetsTest.java"));
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("// README: ([a-z-]+)\\n(.*?)\\n\\s*// README: end", java.util.regex.Pattern.DOTALL)
                .matcher(source);
        int snippets = 0;
        while (m.find()) {
            snippets++;
            String[] lines = m.group(2).split("\\n");
            int indent = lines[0].length() - lines[0].stripLeading().length();
            StringBuilder snippet = new StringBuilder();
            for (String line : lines) {
                snippet.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
            }
            assertThat(readme).as("README.md holds snippet '%s' verbatim", m.group(1)).contains(snippet.toString());
        }
        assertThat(snippets).isGreaterThanOrEqualTo(6);
    }
}
