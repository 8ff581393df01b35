package io.github.tempcreds.imds;

import java.net.URI;

/** Run in a new JVM by {@link ImdsColdStartIT}: builds the provider, resolves once, prints the key id. */
public final class ColdStartMain {
    private ColdStartMain() {
    }

    public static void main(String[] args) {
        try (ImdsCredentialsProvider provider = ImdsCredentialsProvider.builder().endpoint(URI.create(args[0])).build()) {
            System.out.println("accessKeyId=" + provider.resolveCredentials().accessKeyId());
        }
    }
}
