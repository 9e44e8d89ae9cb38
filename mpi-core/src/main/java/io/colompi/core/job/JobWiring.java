package io.colompi.core.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What transports need to find the rest of the job: the job's identity (carried in every record so strays from
 * other jobs are dropped), the job's secret (what proves a frame from the network is the job's), this JVM's id, the
 * job's shared-memory directory, the address other nodes reach this JVM at, and the endpoints every JVM publishes at
 * wire-up; and the job's {@link NameService}, where ranks find each other's ports.
 * <p>
 * Wire-up is publish, fence, read: while the engines of this JVM are built, transports {@link #publish} their
 * endpoints (e.g. the UDP port an Aeron subscription bound); the fence exchanges them between all JVMs of the job
 * and {@link #complete completes} the wiring with everybody's; after it, transports read peers' endpoints with
 * {@link #endpoint}. Ranks start only after the fence, so sends never see an incomplete wiring.
 */
public final class JobWiring
{
    /** The address of a JVM that talks to no other node. */
    public static final String LOOPBACK = "127.0.0.1";

    /** Bytes of a job's secret. */
    public static final int SECRET_BYTES = 32;

    private final long jobId;
    private final byte[] secret;
    private final int jvm;
    private final Path sharedMemoryDir;
    private final String networkAddress;
    private final NameService names;
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private volatile Map<String, String> endpoints;

    /**
     * @param jobId           random per job; every cross-JVM record carries it.
     * @param secret          random per job ({@value #SECRET_BYTES} bytes), known to its JVMs alone: keys what they
     *                        send each other over the network.
     * @param jvm             this JVM's id, as in {@link Placement#jvmOf(int)}.
     * @param sharedMemoryDir the job's directory under {@code /dev/shm} (mode 0700), or null for a single-JVM job.
     * @param networkAddress  the address of this JVM's interface that the other nodes of the job reach.
     * @param names           the job's name service: its launcher's, which every JVM of the job reaches.
     */
    public JobWiring(
        final long jobId, final byte[] secret, final int jvm, final Path sharedMemoryDir, final String networkAddress,
        final NameService names)
    {
        if (secret.length != SECRET_BYTES)
        {
            throw new IllegalArgumentException("a job's secret has " + SECRET_BYTES + " bytes, not " + secret.length);
        }
        this.jobId = jobId;
        this.secret = secret.clone();
        this.jvm = jvm;
        this.sharedMemoryDir = sharedMemoryDir;
        this.networkAddress = Objects.requireNonNull(networkAddress, "networkAddress");
        this.names = Objects.requireNonNull(names, "names");
    }

    /**
     * A JVM of a job on one machine, other nodes, if any, pretend nodes on loopback; its name service a table of
     * this JVM's: the job's where every rank lives in this JVM ({@link #singleJvm}), else for tests and benchmarks
     * whose JVMs publish no names.
     */
    public JobWiring(final long jobId, final byte[] secret, final int jvm, final Path sharedMemoryDir)
    {
        this(jobId, secret, jvm, sharedMemoryDir, LOOPBACK, new ServiceNames());
    }

    /** A job that lives in this JVM alone; its fence has nothing to exchange. */
    public static JobWiring singleJvm()
    {
        // Nothing of it crosses the network, so nothing is keyed: the secret need not come from a SecureRandom.
        final byte[] unused = new byte[SECRET_BYTES];
        ThreadLocalRandom.current().nextBytes(unused);
        final JobWiring wiring = new JobWiring(ThreadLocalRandom.current().nextLong(), unused, 0, null);
        wiring.complete(Map.of());
        return wiring;
    }

    public long jobId()
    {
        return jobId;
    }

    /** The job's secret (a copy): never log it, never put it on a command line. */
    public byte[] secret()
    {
        return secret.clone();
    }

    public int jvm()
    {
        return jvm;
    }

    /** The job's directory under {@code /dev/shm} on this node, or null for a single-JVM job. */
    public Path sharedMemoryDir()
    {
        return sharedMemoryDir;
    }

    /** The address (IP literal) of this JVM's interface that other nodes reach; {@value #LOOPBACK} on one machine. */
    public String networkAddress()
    {
        return networkAddress;
    }

    /** The job's name service. */
    public NameService names()
    {
        return names;
    }

    /** Publish an endpoint of this JVM before the fence; keys are job-wide, so name them after the JVM. */
    public void publish(final String key, final String value)
    {
        if (endpoints != null)
        {
            throw new IllegalStateException("endpoint " + key + " published after the wire-up fence");
        }
        final String previous = published.putIfAbsent(key, value);
        if (previous != null && !previous.equals(value))
        {
            throw new IllegalStateException("endpoint " + key + " published twice: " + previous + ", " + value);
        }
    }

    /** What this JVM published, to send to the fence. */
    public Map<String, String> published()
    {
        return new TreeMap<>(published);
    }

    /** The fence: every JVM's endpoints (this JVM's included). */
    public void complete(final Map<String, String> all)
    {
        endpoints = Map.copyOf(all);
    }

    /** Whether the fence has completed this wiring. */
    public boolean isComplete()
    {
        return endpoints != null;
    }

    /** An endpoint published by some JVM of the job; fails before the fence or for a key nobody published. */
    public String endpoint(final String key)
    {
        final Map<String, String> table = endpoints;
        if (table == null)
        {
            throw new IllegalStateException("endpoint " + key + " read before the wire-up fence");
        }
        final String value = table.get(key);
        if (value == null)
        {
            throw new IllegalStateException("no JVM of job " + Long.toHexString(jobId) + " published endpoint " + key);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "JobWiring{job=" + Long.toHexString(jobId) + ", jvm=" + jvm + ", dir=" + sharedMemoryDir +
            ", address=" + networkAddress + ", published=" + published.keySet() + "}";
    }
}
