package io.colompi.testprograms;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.job.JobWiring;
import io.colompi.core.transport.Transport;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Two ranks on two nodes, the target of an impostor ({@code io.colompi.transport.rdma.Impostor}, transport-rdma's
 * tests): rank 0 sends rank 1 {11, 12}; rank 1 writes what the impostor needs to {@code args[0]}/target (its
 * Aeron endpoint, the job, and the secret, for the replay), waits up to 60 s until its JVM has refused 5 frames,
 * then lets rank 0 send {21, 22}. Rank 1 prints what it received and how many frames its JVM refused.
 */
public final class FramesFromOutside
{
    private static final int WORLD_CONTEXT = 0;
    private static final int REFUSED = 5;
    private static final long WAIT_NS = 60_000_000_000L;

    private FramesFromOutside()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Engine engine = MyRank.engine();
        final TypeMap ints = TypeMap.basic(BaseType.INT);
        if (engine.worldRank() == 0)
        {
            engine.send(WORLD_CONTEXT, 0, 1, 0, new int[]{ 11, 12 }, 0, 2, ints, SendMode.STANDARD);
            engine.recv(WORLD_CONTEXT, 1, 1, new int[1], 0, 1, ints);
            engine.send(WORLD_CONTEXT, 0, 1, 0, new int[]{ 21, 22 }, 0, 2, ints, SendMode.STANDARD);
            return;
        }
        final int[] first = new int[2];
        engine.recv(WORLD_CONTEXT, 0, 0, first, 0, 2, ints);
        writeTarget(engine.job().wiring(), Path.of(args[0]));
        final Transport aeron = engine.transports().stream().filter(t -> t.name().equals("aeron")).findFirst()
            .orElseThrow();
        final long deadline = System.nanoTime() + WAIT_NS;
        engine.await(() -> aeron.stats().refused() >= REFUSED || System.nanoTime() > deadline);
        engine.send(WORLD_CONTEXT, 1, 0, 1, new int[1], 0, 1, ints, SendMode.STANDARD);
        final int[] second = new int[2];
        engine.recv(WORLD_CONTEXT, 0, 0, second, 0, 2, ints);
        System.out.println("rank 1 got " + Arrays.toString(first) + " then " + Arrays.toString(second) +
            "; its JVM refused " + aeron.stats().refused() + " frames");
    }

    private static void writeTarget(final JobWiring wiring, final Path dir) throws IOException
    {
        final Properties target = new Properties();
        target.putAll(wiring.published());
        target.setProperty("job", Long.toHexString(wiring.jobId()));
        target.setProperty("secret", HexFormat.of().formatHex(wiring.secret()));
        target.setProperty("jvm", Integer.toString(wiring.jvm()));
        target.setProperty("jvms", "2");
        final Path partial = dir.resolve("target.partial");
        try (Writer out = Files.newBufferedWriter(partial))
        {
            target.store(out, "what an impostor needs");
        }
        Files.move(partial, dir.resolve("target"), StandardCopyOption.ATOMIC_MOVE);
    }
}
