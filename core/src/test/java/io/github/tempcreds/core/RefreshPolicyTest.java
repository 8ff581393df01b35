package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

    @Test
    void defaults_haveDocumentedValuesAndStrictMode() {
        RefreshPolicy p = RefreshPolicy.defaults();
        assertThat(p.mandatoryWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.minValidity()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.loadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.advisoryWindow()).isEmpty();
        assertThat(p.isGraceMode()).isFalse();
        assertThat(p.toString()).contains("STRICT");
    }

    @Test
    void advisoryWindowFor_lifetime_isFiveFifteenOrSixtyMinutes() {
        RefreshPolicy p = RefreshPolicy.defaults();
        assertThat(p.advisoryWindowFor(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.advisoryWindowFor(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.advisoryWindowFor(Duration.ofMinutes(60))).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.advisoryWindowFor(Duration.ofMinutes(90))).isEqualTo(Duration.ofMinutes(60));
        assertThat(p.advisoryWindowFor(Duration.ofHours(12))).isEqualTo(Duration.ofMinutes(60));
        RefreshPolicy fixed = RefreshPolicy.builder().advisoryWindow(Duration.ofMinutes(7)).build();
        assertThat(fixed.advisoryWindowFor(Duration.ofHours(12))).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void build_mandatoryWindowNotShorterThanAdvisory_namesBothProperties() {
        assertThatThrownBy(() -> RefreshPolicy.builder().advisoryWindow(Duration.ofMinutes(2))
                .mandatoryWindow(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mandatoryWindow must be shorter than advisoryWindow");
        assertThatThrownBy(() -> RefreshPolicy.builder().mandatoryWindow(Duration.ofMinutes(6)).build())
                .hasMessageStartingWith("mandatoryWindow must be shorter than");
    }

    @Test
    void build_minValidityNotShorterThanMandatory_rejected() {
        assertThatThrownBy(() -> RefreshPolicy.builder().minValidity(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("minValidity must be shorter than mandatoryWindow");
    }

    @Test
    void build_backoffInverted_rejected() {
        assertThatThrownBy(() -> RefreshPolicy.builder().initialBackoff(Duration.ofMinutes(2))
                .maxBackoff(Duration.ofMinutes(1)).build())
                .hasMessageStartingWith("initialBackoff must not be longer than maxBackoff");
    }

    @Test
    void setters_badValues_rejectedNamingTheProperty() {
        assertThatThrownBy(() -> RefreshPolicy.builder().loadTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("loadTimeout must be positive");
        assertThatThrownBy(() -> RefreshPolicy.builder().minValidity(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("minValidity must not be negative");
        assertThatThrownBy(() -> RefreshPolicy.builder().advisoryJitter(1.5))
                .hasMessageStartingWith("advisoryJitter must be between 0 and 1");
        assertThatThrownBy(() -> RefreshPolicy.builder().graceMode(Duration.ofHours(1)))
                .hasMessageStartingWith("graceMode must be between zero and PT15M");
        assertThatThrownBy(() -> RefreshPolicy.builder().mandatoryWindow(null))
                .isInstanceOf(NullPointerException.class).hasMessage("mandatoryWindow");
    }

    @Test
    void setters_setTwice_rejected() {
        assertThatThrownBy(() -> RefreshPolicy.builder().loadTimeout(Duration.ofSeconds(1)).loadTimeout(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class).hasMessage("loadTimeout was already set to PT1S");
    }

    @Test
    void graceMode_explicitOptIn_isReported() {
        RefreshPolicy p = RefreshPolicy.builder().graceMode(Duration.ofMinutes(5)).build();
        assertThat(p.isGraceMode()).isTrue();
        assertThat(p.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.toString()).contains("GRACE(PT5M)");
    }
}
