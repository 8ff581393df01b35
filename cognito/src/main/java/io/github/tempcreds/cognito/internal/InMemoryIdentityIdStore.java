package io.github.tempcreds.cognito.internal;

import io.github.tempcreds.cognito.IdentityIdStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link IdentityIdStore#inMemory()}. Internal: no compatibility promise. Thread-safe (a concurrent map). */
public final class InMemoryIdentityIdStore implements IdentityIdStore {
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    private static String key(String poolId, String userKey) {
        return Objects.requireNonNull(poolId, "identityPoolId") + "\n" + Objects.requireNonNull(userKey, "userKey");
    }

    @Override
    public Optional<String> get(String identityPoolId, String userKey) {
        return Optional.ofNullable(ids.get(key(identityPoolId, userKey)));
    }

    @Override
    public void put(String identityPoolId, String userKey, String identityId) {
        ids.put(key(identityPoolId, userKey), Objects.requireNonNull(identityId, "identityId"));
    }

    @Override
    public void remove(String identityPoolId, String userKey) {
        ids.remove(key(identityPoolId, userKey));
    }

    @Override
    public String toString() {
        return "IdentityIdStore(in memory, " + ids.size() + " ids)";
    }
}
