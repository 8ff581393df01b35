package io.github.tempcreds.core.sts;

import java.time.Clock;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;

/** Test-only bridge to the package-private signing helper, so STS requests are signed on the fake clock. */
public final class ReliabilityStsClients {
    private ReliabilityStsClients() {
    }

    /** An auth scheme provider whose SigV4 signer reads {@code clock}. */
    public static StsAuthSchemeProvider signingWith(Clock clock) {
        return StsClients.signingWith(clock);
    }
}
