package io.github.tempcreds.examples;

import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.imds.ImdsDiagnosis;
import io.github.tempcreds.imds.ImdsFinding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes IMDS with {@link ImdsCredentialsProvider#diagnose()} (IMDSv2 only, short timeouts, no retries):
 * reachable, token obtained, hop limit suspected, role attached, credentials valid. A suspected hop limit,
 * and a role whose credentials cannot be served, are problems. Off EC2 the probe fails fast (connection
 * refused or the connect timeout) and that is a note, not a finding; so are IMDS turned off (by a setting
 * or for the instance) and an instance without a role: not using IMDS is no SEC02-BP02 problem.
 */
final class ImdsCheck implements DoctorCheck {
    /** A 403 to the token request has two causes; "IMDS disabled" alone misleads on a laptop behind a proxy. */
    static final String FORBIDDEN_CAUSES = " (HTTP 403 has two causes: IMDS is turned off for this instance "
            + "(HttpEndpoint=disabled; aws ec2 modify-instance-metadata-options --http-endpoint enabled), or an HTTP "
            + "proxy answered for 169.254.169.254 on a host that is not on EC2 (add it to NO_PROXY))";

    static final String ID = "imds";

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder().environment(context.environment())
                .connectTimeout(context.imdsTimeout()).readTimeout(context.imdsTimeout()).maxRetries(0);
        context.imdsEndpoint().ifPresent(e -> b.endpoint(URI.create(e)));
        ImdsDiagnosis d;
        try (ImdsCredentialsProvider provider = b.build()) {
            d = provider.diagnose();
        } catch (RuntimeException e) {
            return List.of(DoctorFinding.warning(ID, "IMDS could not be probed: " + e.getMessage(),
                    "Check the IMDS settings (AWS_EC2_METADATA_SERVICE_ENDPOINT, --imds-endpoint)."));
        }
        String where = d.endpoint().map(e -> " at " + e).orElse("");
        List<DoctorFinding> out = new ArrayList<>();
        if (!d.reachable()) {
            String why = d.findings().stream().findFirst().map(ImdsFinding::summary).orElse("unreachable");
            out.add(DoctorFinding.note(ID, "IMDS" + where + " not used: " + why + " (not on EC2, or turned off)"));
            return out;
        }
        d.roleName().ifPresent(context::imdsRole);
        String first = d.findings().stream().findFirst().map(ImdsFinding::summary).orElse("");
        if (d.hopLimitSuspected()) {
            // The classic container failure: the SDKs fall back to IMDSv1 or fail without saying why.
            d.findings().stream().findFirst().ifPresent(f -> out.add(DoctorFinding.problem(ID,
                    "IMDS" + where + ": " + f.summary(), f.fix())));
            return out;
        }
        if (!d.tokenObtained()) {
            // Answered but no token: turned off for this instance (403) or something in between. Not using
            // IMDS is no SEC02-BP02 problem.
            out.add(DoctorFinding.note(ID, "IMDS" + where + " answered but gave no IMDSv2 token: " + first
                    + (first.contains("403") ? FORBIDDEN_CAUSES : "")));
            return out;
        }
        if (!d.roleAttached()) {
            out.add(DoctorFinding.note(ID, "IMDS" + where + ": IMDSv2 works, no IAM role attached to this instance"));
            return out;
        }
        for (ImdsFinding f : d.findings()) {
            String message = "IMDS" + where + ": " + f.summary();
            switch (f.severity()) {
                case ERROR -> out.add(DoctorFinding.problem(ID, message, f.fix()));
                case WARNING -> out.add(DoctorFinding.warning(ID, message, f.fix()));
                default -> out.add(DoctorFinding.note(ID, message));
            }
        }
        if (d.healthy()) {
            out.add(DoctorFinding.note(ID, "IMDS" + where + ": reachable, IMDSv2 token obtained in "
                    + d.tokenTime().map(t -> t.toMillis() + " ms").orElse("?") + ", role '" + d.roleName().orElse("?")
                    + "' attached, credentials valid until " + d.credentialsExpiration().map(Object::toString).orElse("?")));
        }
        return out;
    }
}
