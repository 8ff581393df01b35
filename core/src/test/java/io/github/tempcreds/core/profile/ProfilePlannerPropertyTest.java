package io.github.tempcreds.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of profile planning over generated files: a linear {@code source_profile} chain of any
 * length gives its roles in order from the source upwards; closing it into a loop anywhere gives a
 * cycle error that spells out exactly the profiles of the loop.
 */
class ProfilePlannerPropertyTest {

    private static ProfileChainPlan plan(String config, String top) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tempcreds-planner");
            Path cfg = Files.writeString(dir.resolve("config"), config);
            try {
                return new ProfilePlanner(ProfileFiles.load(cfg, dir.resolve("credentials"))).plan(top, true);
            } finally {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** p0 -> p1 -> ... -> p(n-1) -> base (static keys). */
    private static String linear(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("[profile p").append(i).append("]\nrole_arn = arn:aws:iam::123456789012:role/R").append(i)
                    .append("\nrole_session_name = s").append(i)
                    .append("\nsource_profile = ").append(i == n - 1 ? "base" : "p" + (i + 1)).append("\n\n");
        }
        sb.append("[profile base]\naws_access_key_id = AKIATESTBASE0000001\naws_secret_access_key = testsecret\n");
        return sb.toString();
    }

    @Property(tries = 40)
    void linearChain_rolesFromSourceUpwards(@ForAll @IntRange(min = 1, max = 12) int n) {
        ProfileChainPlan plan = plan(linear(n), "p0");

        List<String> expected = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            expected.add("arn:aws:iam::123456789012:role/R" + i + " s" + i);
        }
        assertThat(plan.source().profileName()).isEqualTo("base");
        assertThat(plan.hops().stream().map(h -> h.roleArn() + " " + h.roleSessionName().orElse(""))
                .collect(Collectors.toList())).isEqualTo(expected);
    }

    @Property(tries = 40)
    void loopBackAnywhere_cycleSpelledOutExactly(@ForAll @IntRange(min = 2, max = 10) int n,
                                                   @ForAll @IntRange(min = 0, max = 9) int target) {
        int back = target % n;
        String config = linear(n).replace("source_profile = base", "source_profile = p" + back);
        List<String> loop = new ArrayList<>();
        for (int i = back; i < n; i++) {
            loop.add("p" + i);
        }
        loop.add("p" + back);

        assertThatThrownBy(() -> plan(config, "p0")).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(": " + String.join(" -> ", loop));
    }
}
