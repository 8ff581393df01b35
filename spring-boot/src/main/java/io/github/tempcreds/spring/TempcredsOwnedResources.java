package io.github.tempcreds.spring;

import java.util.ArrayList;
import java.util.List;

/** Closeables the auto-configured provider owns; the context closes them after the provider. */
final class TempcredsOwnedResources implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();

    synchronized <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() throws Exception {
        for (AutoCloseable c : owned) {
            c.close();
        }
        owned.clear();
    }
}
