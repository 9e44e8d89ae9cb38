package io.colompi.core.transport;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What transports need to find the rest of the job: the job's identity (carried in every record so strays from
 * other jobs are dropped), this JVM's id, the job's shared-memory directory, and endpoints published by other
 * JVMs at wire-up (key/value, e.g. Aeron addresses).
 *
 * @param jobId           random per job; every cross-JVM record carries it.
 * @param jvm             this JVM's id, as in {@link Placement#jvmOf(int)}.
 * @param sharedMemoryDir the job's directory under {@code /dev/shm} (mode 0700), or null for a single-JVM job.
 * @param endpoints       endpoints published at wire-up, by key.
 */
public record JobWiring(long jobId, int jvm, Path sharedMemoryDir, Map<String, String> endpoints)
{
    public JobWiring
    {
        endpoints = Map.copyOf(endpoints);
    }

    /** A job that lives in this JVM alone. */
    public static JobWiring singleJvm()
    {
        return new JobWiring(ThreadLocalRandom.current().nextLong(), 0, null, Map.of());
    }
}
