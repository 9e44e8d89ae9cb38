package io.colompi.core;

import io.colompi.core.job.JobContext;
import io.colompi.core.testing.PackageDependencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packages of mpi-core depend on each other in one direction: no two of them, directly or not, both ways. */
@Timeout(60)
class ArchitectureTest
{
    @Test
    void thePackagesOfTheCoreFormNoCycle() throws IOException
    {
        final PackageDependencies core = PackageDependencies.ofClassesOf(JobContext.class);
        assertTrue(core.uses().containsKey("io.colompi.core.pt2pt"), () -> "read no classes: " + core.uses());
        assertNull(core.cycleAmong("io.colompi.core"), () -> "a package cycle; every dependency: " + core.uses());
    }

    @Test
    void theTraceAndWaitPackagesAreLeaves() throws IOException
    {
        final PackageDependencies core = PackageDependencies.ofClassesOf(JobContext.class);
        assertEquals(List.of(), core.uses("io.colompi.core.trace", "io.colompi.core"));
        assertEquals(List.of(), core.uses("io.colompi.core.wait", "io.colompi.core"));
    }
}
