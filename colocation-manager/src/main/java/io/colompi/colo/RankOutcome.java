package io.colompi.colo;

/** How one rank's {@code main} ended. */
public enum RankOutcome
{
    /** {@code main} returned. */
    COMPLETED,
    /** {@code main} threw while the job was running (or its exception is the one that ended the job). */
    FAILED,
    /** {@code main} was ended by the end of the job: a {@code JobAbortedException}, or any exception after it began. */
    UNWOUND,
    /** Still running after the abort grace period: left behind as a daemon thread. */
    RUNNING
}
