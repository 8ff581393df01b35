package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

class StsErrorsTest {
    private static final String ROLE = "arn:aws:iam::222222222222:role/Target";
    private static final StsErrors.Call CALL = new StsErrors.Call("role-chain[1/1]", "AssumeRole", ROLE,
            "eu-central-1", null, "ASIATESTSOURCE000001");

    private static StsException sts(int status, String code, String message) {
        return (StsException) StsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void map_accessDenied_configurationNamingCallerAndRole() {
        CredentialsException e = StsErrors.map(sts(403, "AccessDenied", "User: arn:aws:sts::111111111111:"
                + "assumed-role/X/i-0abc is not authorized to perform: sts:AssumeRole on resource: " + ROLE), CALL);

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("arn:aws:sts::111111111111:assumed-role/X/i-0abc", ROLE,
                "trust policy");
        assertThat(e.source()).contains("role-chain[1/1]");
    }

    @Test
    void map_accessDeniedWithoutCallerInMessage_namesSourceKey() {
        CredentialsException e = StsErrors.map(sts(403, "AccessDenied", "MultiFactorAuthentication failed"), CALL);
        assertThat(e.getMessage()).contains("ASIATESTSOURCE000001", ROLE);
    }

    @Test
    void map_regionDisabled_configurationNamingRegion() {
        CredentialsException e = StsErrors.map(sts(403, "RegionDisabledException",
                "STS is not activated in this region for account:222222222222."), CALL);
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("eu-central-1", "activate");
    }

    @Test
    void map_malformedPolicyAndPackedPolicy_configuration() {
        assertThat(StsErrors.map(sts(400, "MalformedPolicyDocument", "Syntax errors in policy."), CALL))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("session policy");
        assertThat(StsErrors.map(sts(400, "PackedPolicyTooLarge", "Packed size 112%"), CALL))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("packed size");
    }

    @Test
    void map_throttling_retrieval() {
        CredentialsException e = StsErrors.map(sts(400, "Throttling", "Rate exceeded"), CALL);
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("throttled", "Rate exceeded");
    }

    @Test
    void map_validationError_quotesFieldNotValue() {
        CredentialsException e = StsErrors.map(sts(400, "ValidationError", "1 validation error detected: "
                + "Value 'a:b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular "
                + "expression pattern: [\\w+=,.@-]*"), CALL);
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("field 'roleSessionName'").doesNotContain("'a:b'");
    }

    @Test
    void map_validationErrorOnToken_dropsCauseSoTokenCannotLeak() {
        String token = "eyJhbGciOiJSUzI1NiJ9.secret-token-body";
        CredentialsException e = StsErrors.map(sts(400, "ValidationError", "1 validation error detected: Value '"
                + token + "' at 'webIdentityToken' failed to satisfy constraint"), CALL);
        assertThat(e.getMessage()).doesNotContain(token).contains("webIdentityToken");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void map_durationValidation_namesDurationSeconds() {
        CredentialsException e = StsErrors.map(sts(400, "ValidationError", "The requested DurationSeconds "
                + "exceeds the 1 hour session limit for roles assumed by role chaining."), CALL);
        assertThat(e.getMessage()).contains("field 'DurationSeconds'");
    }

    @Test
    void map_serverErrorAndUnknownClientError_retrievalAndConfiguration() {
        assertThat(StsErrors.map(sts(503, "ServiceUnavailable", "try later"), CALL))
                .isInstanceOf(CredentialsRetrievalException.class).hasMessageContaining("503");
        assertThat(StsErrors.map(sts(400, "SomethingNew", "nope"), CALL))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("SomethingNew");
    }

    @Test
    void map_expiredTokenAfterRetry_retrievalNamingKey() {
        CredentialsException e = StsErrors.map(sts(403, "ExpiredToken",
                "The security token included in the request is expired"), CALL);
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("ASIATESTSOURCE000001", "expired");
    }

    @Test
    void map_webIdentityErrors_categorised() {
        assertThat(StsErrors.map(sts(400, "ExpiredTokenException", "Token expired: current date/time"), CALL))
                .isInstanceOf(CredentialsRetrievalException.class);
        assertThat(StsErrors.map(sts(403, "IDPRejectedClaim", "rejected"), CALL))
                .isInstanceOf(CredentialsConfigurationException.class);
        assertThat(StsErrors.map(sts(400, "IDPCommunicationError", "unreachable"), CALL))
                .isInstanceOf(CredentialsRetrievalException.class);
    }

    @Test
    void sourceFailed_keepsCategory() {
        CredentialsException e = StsErrors.sourceFailed(CredentialsConfigurationException.of("bad profile"),
                "role-chain[1/2]", "the source");
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("bad profile");
        assertThat(StsErrors.sourceFailed(new IllegalStateException("boom"), "x", "the source"))
                .isInstanceOf(CredentialsRetrievalException.class);
    }
}
