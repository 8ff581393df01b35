package io.github.tempcreds.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.testkit.FakeIam;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CredentialReportNotPresentException;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/** {@link FakeIam} through the real {@code IamClient}: report states, pagination, signatures. */
class FakeIamSdkIT {
    private final IamFixture fx = new IamFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void credentialReport_notPresentThenInProgressThenComplete_asIamAnswers() {
        fx.iam.reportGenerationCalls(3);

        assertThatThrownBy(() -> fx.client.getCredentialReport())
                .isInstanceOfSatisfying(CredentialReportNotPresentException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(410));
        assertThat(fx.client.generateCredentialReport().state()).isEqualTo(ReportStateType.STARTED);
        assertThatThrownBy(() -> fx.client.getCredentialReport())
                .isInstanceOfSatisfying(CredentialReportNotReadyException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(fx.client.generateCredentialReport().state()).isEqualTo(ReportStateType.INPROGRESS);
        assertThat(fx.client.generateCredentialReport().state()).isEqualTo(ReportStateType.COMPLETE);
        String csv = fx.client.getCredentialReport().content().asString(StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv.lines().toList().get(1)).startsWith("<root_account>,arn:aws:iam::123456789012:root,")
                .contains(",not_supported,");
        assertThat(csv.lines().toList().get(2).split(",", -1)).hasSize(FakeIam.REPORT_COLUMNS.size());
    }

    @Test
    void listUsers_maxItems_pagesWithMarkerAndIsTruncated() {
        for (int i = 0; i < 4; i++) {
            fx.iam.user("u" + i, fx.daysAgo(1));
        }
        ListUsersResponse first = fx.client.listUsers(r -> r.maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.users()).extracting(u -> u.userName()).containsExactly("auditor", "u0");
        ListUsersResponse last = fx.client.listUsers(r -> r.maxItems(2).marker(first.marker()).maxItems(10));
        assertThat(last.isTruncated()).isFalse();
        assertThat(last.marker()).isNull();
        assertThat(last.users()).extracting(u -> u.userName()).containsExactly("u1", "u2", "u3");
    }

    @Test
    void request_unknownKeyOrWrongSecret_isRejectedLikeIam() {
        try (IamClient stranger = IamClient.builder().endpointOverride(fx.iam.uri()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(IamFixture.AUDITOR_KEY, "wrong-secret"))).build()) {
            assertThatThrownBy(stranger::listUsers).isInstanceOfSatisfying(IamException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
    }

    @Test
    void getAccessKeyLastUsed_neverUsedKey_answersNotApplicable() {
        fx.iam.user("n", fx.daysAgo(1)).accessKey("n", "AKIANEVER00000000001", "x", fx.daysAgo(1), true);

        var used = fx.client.getAccessKeyLastUsed(r -> r.accessKeyId("AKIANEVER00000000001"));
        assertThat(used.userName()).isEqualTo("n");
        assertThat(used.accessKeyLastUsed().lastUsedDate()).isNull();
        assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
        assertThat(used.accessKeyLastUsed().region()).isEqualTo("N/A");
    }
}
