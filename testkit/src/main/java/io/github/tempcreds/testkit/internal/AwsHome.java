package io.github.tempcreds.testkit.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary home directory of a {@code FakeAws}: {@code .aws/config} and an empty {@code .aws/credentials}. */
public final class AwsHome {
    private static final Logger LOG = LoggerFactory.getLogger(AwsHome.class);

    private AwsHome() {
    }

    /**
     * Creates a new temporary home whose config has {@code [default]} with the region and
     * {@code [sso-session fakeaws]} for the fake SSO.
     */
    public static Path create(String region, String ssoStartUrl) throws IOException {
        Path home = Files.createTempDirectory("tempcreds-fakeaws-home");
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("config"), String.join("\n",
                "[default]",
                "region = " + region,
                "",
                "[sso-session fakeaws]",
                "sso_start_url = " + ssoStartUrl,
                "sso_region = " + region,
                "sso_registration_scopes = sso:account:access",
                ""));
        Files.writeString(aws.resolve("credentials"), "");
        return home;
    }

    /** Deletes the home and everything in it; a failure is logged at DEBUG. */
    public static void deleteQuietly(Path home) {
        if (home == null) {
            return;
        }
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete the temporary home {}: {}", home, e.toString());
        }
    }
}
