package io.github.tempcreds.examples;

import java.util.List;

/** One check of {@link DoctorCommand}. Implementations never throw: a failure to check is a finding. */
interface DoctorCheck {
    /** Runs the check. */
    List<DoctorFinding> run(DoctorContext context);
}
