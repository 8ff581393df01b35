package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code --version} comes from when the program runs from a jar: the filtered resource, else the
 * manifest's {@code Implementation-Version} (what the shade plugin writes), else {@code unknown}. Each jar
 * here is loaded in a class loader of its own, so the class under test sees only that jar.
 */
class VersionTest {
    private static final String CLASS = "io/github/tempcreds/examples/Version.class";
    private static final String RESOURCE = "io/github/tempcreds/examples/version.properties";

    @TempDir
    Path dir;

    private String versionFromJar(String manifestVersion, String resourceText) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestVersion != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, manifestVersion);
        }
        Path jar = dir.resolve("examples.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = VersionTest.class.getClassLoader().getResourceAsStream(CLASS)) {
            out.putNextEntry(new JarEntry("io/"));
            out.putNextEntry(new JarEntry("io/github/"));
            out.putNextEntry(new JarEntry("io/github/tempcreds/"));
            out.putNextEntry(new JarEntry("io/github/tempcreds/examples/"));
            out.putNextEntry(new JarEntry(CLASS));
            in.transferTo(out);
            if (resourceText != null) {
                out.putNextEntry(new JarEntry(RESOURCE));
                out.write(resourceText.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> version = loader.loadClass("io.github.tempcreds.examples.Version");
            assertThat(version.getClassLoader()).isSameAs(loader);
            Method current = version.getDeclaredMethod("current");
            current.setAccessible(true);
            return (String) current.invoke(null);
        }
    }

    @Test
    void current_jarWithTheFilteredResource_readsIt() throws Exception {
        assertThat(versionFromJar("9.9.9-manifest", "version=1.2.3\n")).isEqualTo("1.2.3");
    }

    @Test
    void current_jarWithOnlyAManifest_readsImplementationVersion() throws Exception {
        assertThat(versionFromJar("9.9.9-manifest", null)).isEqualTo("9.9.9-manifest");
    }

    @Test
    void current_unfilteredResource_fallsBackToTheManifest() throws Exception {
        assertThat(versionFromJar("9.9.9-manifest", "version=${project.version}\n")).isEqualTo("9.9.9-manifest");
    }

    @Test
    void current_neither_unknown() throws Exception {
        assertThat(versionFromJar(null, null)).isEqualTo("unknown");
    }

    @Test
    void resource_inTheBuild_isFilteredWithTheProjectVersion() throws Exception {
        try (InputStream in = Version.class.getResourceAsStream(Version.RESOURCE)) {
            assertThat(in).as("version.properties next to Version").isNotNull();
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("${").containsPattern("version=\\d+\\.\\d+\\.\\d+");
        }
    }
}
