package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TempcredsEnvironmentHomeTest {

    @Test
    void homeDirectory_homeSet_winsOverUserHome() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("HOME", "/tmp/h")
                .property("user.home", "/tmp/u").property("os.name", "Linux").build();
        assertThat(env.homeDirectory()).isEqualTo(Path.of("/tmp/h"));
    }

    @Test
    void homeDirectory_noHomeOnLinux_usesUserHome() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("USERPROFILE", "/tmp/p")
                .property("user.home", "/tmp/u").property("os.name", "Linux").build();
        assertThat(env.homeDirectory()).isEqualTo(Path.of("/tmp/u"));
    }

    @Test
    void homeDirectory_windowsUserProfile_winsOverDrivePath() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("USERPROFILE", "/tmp/p")
                .env("HOMEDRIVE", "/tmp").env("HOMEPATH", "/d").property("user.home", "/tmp/u")
                .property("os.name", "Windows 11").build();
        assertThat(env.homeDirectory()).isEqualTo(Path.of("/tmp/p"));
    }

    @Test
    void homeDirectory_windowsDriveAndPath_concatenated() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("HOMEDRIVE", "/tmp")
                .env("HOMEPATH", "/d").property("user.home", "/tmp/u").property("os.name", "Windows 10").build();
        assertThat(env.homeDirectory()).isEqualTo(Path.of("/tmp/d"));
    }

    @Test
    void homeDirectory_explicitHome_winsOverEverything() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("HOME", "/tmp/h")
                .homeDirectory(Path.of("/tmp/x")).build();
        assertThat(env.homeDirectory()).isEqualTo(Path.of("/tmp/x"));
    }
}
