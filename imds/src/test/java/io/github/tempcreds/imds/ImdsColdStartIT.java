package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.FakeImds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new JVM pays for its first IMDS credentials: IMDS is plain HTTP, so the JDK's TLS stack must not
 * be loaded (it cost about a hundred milliseconds of every cold start when the HTTP client built an SSL
 * context it never used).
 */
class ImdsColdStartIT {

    @Test
    void firstCredentials_newJvm_doesNotLoadTheTlsStack(@TempDir Path dir) throws Exception {
        try (FakeImds imds = FakeImds.builder().build().start()) {
            Path classLog = dir.resolve("classes.log");
            Path out = dir.resolve("out.txt");
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classLog,
                    "-cp", System.getProperty("java.class.path"),
                    ColdStartMain.class.getName(), imds.url()))
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().remove("AWS_EC2_METADATA_DISABLED"); // the build turns IMDS off for tests
            Process child = pb.start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(printed).isZero();
            assertThat(printed).contains("accessKeyId=ASIA");
            assertThat(loadedClasses(classLog))
                    .as("TLS classes loaded for a plain-HTTP IMDS endpoint")
                    .noneMatch(line -> line.contains("sun.security.ssl.SSLContextImpl"));
        }
    }

    private static List<String> loadedClasses(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}
