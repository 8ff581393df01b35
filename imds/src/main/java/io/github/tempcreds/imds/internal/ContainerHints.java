package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signs that this process runs in a container, for the hop-limit diagnosis: {@code /.dockerenv}, a
 * container cgroup, the ECS metadata variables, {@code KUBERNETES_SERVICE_HOST}. Files are read under an
 * injectable root so tests control them. Internal: no compatibility promise.
 */
public final class ContainerHints {
    private static final String[] CGROUP_MARKERS = {"docker", "kubepods", "containerd", "ecs", "libpod", "lxc"};

    private ContainerHints() {
    }

    /**
     * The hints found, each a short phrase such as {@code "/.dockerenv exists"}; empty when none.
     *
     * @param root the file-system root, {@code /} in production
     * @param env the environment for the variables
     */
    public static List<String> find(Path root, TempcredsEnvironment env) {
        List<String> hints = new ArrayList<>();
        if (Files.exists(root.resolve(".dockerenv"))) {
            hints.add("/.dockerenv exists");
        }
        for (String cgroup : new String[] {"proc/1/cgroup", "proc/self/cgroup"}) {
            String marker = cgroupMarker(root.resolve(cgroup));
            if (marker != null) {
                hints.add("/" + cgroup + " names " + marker);
                break;
            }
        }
        for (String name : new String[] {"ECS_CONTAINER_METADATA_URI_V4", "ECS_CONTAINER_METADATA_URI"}) {
            if (env.env(name).isPresent()) {
                hints.add(name + " is set (ECS)");
                break;
            }
        }
        if (env.env("KUBERNETES_SERVICE_HOST").isPresent()) {
            hints.add("KUBERNETES_SERVICE_HOST is set (Kubernetes)");
        }
        return hints;
    }

    private static String cgroupMarker(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            for (String marker : CGROUP_MARKERS) {
                if (text.contains(marker)) {
                    return marker;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
