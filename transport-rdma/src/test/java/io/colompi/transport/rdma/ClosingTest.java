package io.colompi.transport.rdma;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.Placement;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.WaitPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two JVMs on two nodes whose ranks close at different times, built by hand (ThreadJob closes only after every
 * rank's body has ended): a JVM must not close its driver under frames its peers have not read yet.
 */
class ClosingTest implements JobControl
{
    private static final TypeMap BYTE = TypeMap.basic(BaseType.BYTE);

    private volatile String abortReason;
    private volatile Throwable failure;
    private Path dir;
    private Engine[] engines;

    @BeforeEach
    void wireUp() throws Exception
    {
        dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        final Placement placement = new Placement(new int[]{ 0, 1 }, new int[]{ 0, 1 });
        final long jobId = ThreadLocalRandom.current().nextLong();
        final byte[] secret = new byte[JobWiring.SECRET_BYTES];
        ThreadLocalRandom.current().nextBytes(secret);
        final JobContext[] jvms = new JobContext[2];
        engines = new Engine[2];
        final Map<String, String> table = new HashMap<>();
        for (int jvm = 0; jvm < 2; jvm++)
        {
            jvms[jvm] = new JobContext(placement, this, WaitPolicy.BACKOFF, 16384, new JobWiring(jobId, secret, jvm, dir));
            engines[jvm] = new Engine(jvm, jvms[jvm]);
            table.putAll(jvms[jvm].wiring().published());
        }
        for (final JobContext jvm : jvms)
        {
            jvm.wiring().complete(table);
        }
    }

    @AfterEach
    void closeAll()
    {
        // Unwinds a rank a timed-out test left waiting; every close that matters happened in the test.
        abortReason = "test over";
        for (final Engine engine : engines)
        {
            engine.close();
        }
        final File[] left = dir.toFile().listFiles();
        assertEquals(0, left == null ? 0 : left.length, "files left in the job directory");
        assertTrue(dir.toFile().delete());
        assertNull(failure, "job failed");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJvmClosingRightAfterItsLastEagerSendsStillDeliversThem() throws Exception
    {
        final Communicator sender = Communicator.world(engines[0]);
        final Communicator receiver = Communicator.world(engines[1]);
        final int n = 3 << 20;
        final byte[] data = new byte[n];
        data[n - 1] = 42;
        for (int i = 0; i < 3; i++)
        {
            sender.send(data, 0, n, BYTE, 1, i, SendMode.STANDARD);
        }
        sender.send(data, 0, 1, BYTE, 1, 3, SendMode.STANDARD);
        final long start = System.nanoTime();
        engines[0].close();
        final long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(closeMs < 1000, "closing waited " + closeMs + " ms: the peer's FIN_ACK did not come");
        assertFalse(new File(dir.toFile(), "aeron-jvm0").exists(), "the closed JVM's aeron directory is gone");

        final byte[] got = new byte[n];
        for (int i = 0; i < 3; i++)
        {
            got[n - 1] = 0;
            assertEquals(n, receiver.recv(got, 0, n, BYTE, 0, i).elements());
            assertEquals(42, got[n - 1]);
        }
        assertEquals(1, receiver.recv(got, 0, n, BYTE, 0, 3).elements());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJvmWhosePeerClosedFirstClosesWithoutWaiting() throws Exception
    {
        final Communicator zero = Communicator.world(engines[0]);
        final Communicator one = Communicator.world(engines[1]);
        zero.send(new byte[1], 0, 1, BYTE, 1, 0, SendMode.STANDARD);
        one.send(new byte[1], 0, 1, BYTE, 0, 0, SendMode.STANDARD);
        one.recv(new byte[1], 0, 1, BYTE, 0, 0);
        zero.recv(new byte[1], 0, 1, BYTE, 1, 0);
        engines[1].close();
        final long start = System.nanoTime();
        engines[0].close();
        final long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(closeMs < 500, "closing waited " + closeMs + " ms for a peer that had closed");
    }

    @Override
    public void abort(final int rank, final int code, final Throwable cause)
    {
        failure = cause;
        abortReason = "rank " + rank + " failed";
    }

    @Override
    public String abortReason()
    {
        return abortReason;
    }
}
