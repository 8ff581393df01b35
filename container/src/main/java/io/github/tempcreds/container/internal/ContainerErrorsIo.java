package io.github.tempcreds.container.internal;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import java.io.IOException;
import java.net.SocketTimeoutException;

/** Errors for a failed exchange. Internal: no compatibility promise. */
final class ContainerErrorsIo {
    private ContainerErrorsIo() {
    }

    /** The endpoint could not be reached (or answered too slowly) after {@code attempts} attempts. */
    static CredentialsException unreachable(ContainerSettings.Target t, int attempts, IOException e) {
        // The cause is described by its type only: an I/O message may quote a URL, never a secret, but keep
        // the chain free of anything that came from the wire.
        String what = e.getClass().getSimpleName();
        String hint = " Check that the credentials agent is running and reachable from this container: on ECS"
                + " the task must have a task role (taskRoleArn) and use the awsvpc or bridge network mode with the"
                + " agent's endpoint; on EKS the eks-pod-identity-agent DaemonSet must run on this node (it can lag"
                + " behind on a new node; the engine retries).";
        if (e instanceof SocketTimeoutException) {
            return CredentialsTimeoutException.newBuilder()
                    .message("The container credentials endpoint " + t.uri() + " (from " + t.origin() + ") did not"
                            + " answer in time after " + attempts + " attempt(s)." + hint)
                    .build();
        }
        return CredentialsRetrievalException.newBuilder()
                .message("The container credentials endpoint " + t.uri() + " (from " + t.origin() + ") could not"
                        + " be reached after " + attempts + " attempt(s) (" + what + ")." + hint)
                .build();
    }
}
