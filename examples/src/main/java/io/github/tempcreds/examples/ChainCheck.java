package io.github.tempcreds.examples;

import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import java.util.List;

/**
 * Which source {@link TemporaryCredentialsChain} picks here, and why, found by running the chain itself
 * (over the doctor's environment) once. Only notes: what is wrong with a source is a finding of the
 * check that owns it (long-term keys, profiles, IMDS), so nothing is counted twice.
 */
final class ChainCheck implements DoctorCheck {
    static final String ID = "chain";

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder()
                .environment(context.environment()).build()) {
            try {
                chain.resolveCredentials();
                return List.of(DoctorFinding.note(ID, "TemporaryCredentialsChain picks "
                        + chain.chosenSource().orElse("?") + ": the first configured source, and its credentials "
                        + "are temporary"));
            } catch (CredentialsNotFoundException e) {
                return List.of(DoctorFinding.note(ID, "TemporaryCredentialsChain finds no source: " + e.getMessage()));
            } catch (CredentialsException e) {
                String source = chain.chosenSource().orElse("the chain");
                return List.of(DoctorFinding.note(ID, "TemporaryCredentialsChain picks " + source
                        + ", which fails (it never falls through to the next source): " + e.getMessage()));
            }
        } catch (RuntimeException e) {
            return List.of(DoctorFinding.note(ID, "TemporaryCredentialsChain could not run: "
                    + e.getClass().getSimpleName()));
        }
    }
}
