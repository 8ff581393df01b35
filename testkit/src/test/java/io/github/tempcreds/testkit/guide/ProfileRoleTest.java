package io.github.tempcreds.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.RoleSpec;
import io.github.tempcreds.testkit.junit.FakeAwsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sts.StsClient;

// The first example of docs/testing.md, verbatim between the markers (TestingGuideSnippetsTest checks it).
// testing.md: first-test
@ExtendWith(FakeAwsExtension.class)
class ProfileRoleTest {
    @BeforeAll
    static void account(FakeAws aws) {
        aws.sts().role(RoleSpec.builder("arn:aws:iam::123456789012:role/app")
                .trustAccount("123456789012").build());
        aws.registry().seedUserKey("AKIATESTGUIDE000001", "testsecret-guide", "ci-user");
        aws.appendConfig("""
                [profile base]
                aws_access_key_id = AKIATESTGUIDE000001
                aws_secret_access_key = testsecret-guide

                [profile app]
                role_arn = arn:aws:iam::123456789012:role/app
                source_profile = base
                role_session_name = orders
                """);
    }

    @Test
    void assumesTheRoleOfTheProfile(FakeAws aws) {
        try (ProfileChainCredentialsProvider credentials = ProfileChainCredentialsProvider.builder()
                     .profileName("app").environment(aws.environment()).build();
             StsClient sts = aws.configure(StsClient.builder(), credentials).build()) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/app/orders");
        }
        assertThat(aws.sts().journal("AssumeRole")).isNotEmpty();
    }
}
// testing.md: end
