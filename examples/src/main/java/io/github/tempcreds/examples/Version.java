package io.github.tempcreds.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The program's version: {@code version.properties} next to this class (filtered by Maven with the
 * project version, so it is right in tests and in the jar alike), else the jar manifest's
 * {@code Implementation-Version}, else {@code unknown}.
 */
final class Version {
    static final String RESOURCE = "version.properties";
    static final String UNKNOWN = "unknown";

    private Version() {
    }

    /** The version; never {@code null}. */
    static String current() {
        String fromResource = fromResource();
        if (fromResource != null) {
            return fromResource;
        }
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest != null && !fromManifest.isBlank() ? fromManifest : UNKNOWN;
    }

    private static String fromResource() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            // An unfiltered copy (an IDE that skips Maven's filtering) still holds the placeholder.
            return v == null || v.isBlank() || v.startsWith("${") ? null : v.strip();
        } catch (IOException e) {
            return null;
        }
    }
}
