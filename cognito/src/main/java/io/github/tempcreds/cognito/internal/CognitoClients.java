package io.github.tempcreds.cognito.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.cognitoidentity.auth.scheme.CognitoIdentityAuthSchemeProvider;

/** Helpers for the Cognito Identity clients the provider creates. Internal: no compatibility promise. */
public final class CognitoClients {
    private CognitoClients() {
    }

    /** The default auth schemes, signing with {@code clock} instead of the system clock. */
    public static CognitoIdentityAuthSchemeProvider signingWith(Clock clock) {
        CognitoIdentityAuthSchemeProvider defaults = CognitoIdentityAuthSchemeProvider.defaultProvider();
        return params -> {
            List<AuthSchemeOption> options = new ArrayList<>();
            for (AuthSchemeOption o : defaults.resolveAuthScheme(params)) {
                options.add(o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build());
            }
            return options;
        };
    }
}
