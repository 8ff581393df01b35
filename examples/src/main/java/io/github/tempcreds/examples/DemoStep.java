package io.github.tempcreds.examples;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one demo step, printed as a table row and checked by the tests. Holds an access key id
 * (not a secret) and never a secret key or token.
 *
 * @param section the demo section, such as {@code imds}
 * @param step what the step does
 * @param provider the provider called
 * @param accessKeyId the access key id returned, or {@code null} on error
 * @param expiresIn time left on the credentials returned, by the demo clock
 * @param servedFrom where the credentials came from
 * @param callerWait how long the caller waited, in real time
 * @param upstream the requests the fakes received for this step, such as {@code GetToken, GetCredentials}
 * @param error the exception's simple class name and message, or {@code null}
 */
record DemoStep(String section, String step, String provider, String accessKeyId, Duration expiresIn,
                ServedFrom servedFrom, Duration callerWait, String upstream, String error) {

    /** Where the credentials a call returned came from. */
    enum ServedFrom {
        /** The first load; the caller waited for it. */
        LOADED("loaded"),
        /** The cached value, fresh. */
        FRESH("fresh (cached)"),
        /** The cached value, in its advisory window: returned at once while a refresh runs in the background. */
        ADVISORY("advisory (cached)"),
        /** The cached value, in its mandatory window (a refresh failed but it is still usable). */
        MANDATORY("mandatory (cached)"),
        /** New credentials from a refresh. */
        REFRESHED("refreshed"),
        /** No credentials: a typed error. */
        ERROR("error"),
        /** Not a credentials call (a diagnosis, a token check). */
        INFO("-");

        private final String label;

        ServedFrom(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    Optional<String> errorText() {
        return Optional.ofNullable(error);
    }
}
