package io.github.tempcreds.cognito;

import io.github.tempcreds.cognito.internal.FileIdentityIdStore;
import io.github.tempcreds.cognito.internal.InMemoryIdentityIdStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers the Cognito identity id of each user of each identity pool, so a user keeps one identity
 * across refreshes and restarts (Cognito creates a new identity for every {@code GetId} of a guest).
 *
 * <p>Keys are the identity pool id and a non-secret user key ({@link CognitoLogins#userKey()}, or
 * {@code developer:<provider>#<user id>} for developer-authenticated identities). A guest's identity id
 * is enough to get that guest's credentials, so stores keep ids private (the file store writes its file
 * owner-only).
 *
 * <p>Thread safety: implementations are thread-safe. Errors: a store that cannot read or write throws an
 * unchecked exception; the provider reports it as a retrieval error.
 */
public interface IdentityIdStore {
    /** The stored identity id of a user of a pool. */
    Optional<String> get(String identityPoolId, String userKey);

    /** Stores the identity id of a user of a pool, replacing any other. */
    void put(String identityPoolId, String userKey, String identityId);

    /** Forgets the identity id of a user of a pool; does nothing when there is none. */
    void remove(String identityPoolId, String userKey);

    /** A store in this JVM's memory (the default): ids last as long as the store object. */
    static IdentityIdStore inMemory() {
        return new InMemoryIdentityIdStore();
    }

    /**
     * A store in a properties file, shared by processes: every change is written to a temporary file
     * and renamed over the old one (owner-only permissions where the file system supports POSIX), under
     * a lock on {@code <file>.lock}, after re-reading the file under that lock. No I/O happens until the
     * first call.
     *
     * @param file the file; its directory is created when missing
     */
    static IdentityIdStore file(Path file) {
        return new FileIdentityIdStore(file);
    }
}
