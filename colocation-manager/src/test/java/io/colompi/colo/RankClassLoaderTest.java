package io.colompi.colo;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RankBinding;
import io.colompi.core.wait.WaitPolicy;
import io.colompi.testprograms.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class RankClassLoaderTest
{
    private static final String COUNTER = Counter.class.getName();

    private final Engine[] engines = engines(2);

    @Test
    void eachRankHasItsOwnCopyOfTheProgramEvenIfTheParentHasItToo() throws Exception
    {
        final URL testClasses = ColocatedJob.codeSourceOf(Counter.class).toUri().toURL();
        try (RankClassLoader rank0 = new RankClassLoader(engines[0], List.of(testClasses), getClass().getClassLoader());
             RankClassLoader rank1 = new RankClassLoader(engines[1], List.of(testClasses), getClass().getClassLoader()))
        {
            final Class<?> counter0 = rank0.loadClass(COUNTER);
            final Class<?> counter1 = rank1.loadClass(COUNTER);
            assertNotSame(counter0, counter1);
            assertNotSame(Counter.class, counter0);
            assertSame(rank0, counter0.getClassLoader());

            assertEquals(1, increment(counter0));
            assertEquals(2, increment(counter0));
            assertEquals(1, increment(counter1), "rank 1's static is not rank 0's");
            assertEquals(1, Counter.increment(), "nor the parent's");
        }
    }

    @Test
    void runtimeAndJdkClassesAreShared() throws Exception
    {
        final URL testClasses = ColocatedJob.codeSourceOf(Counter.class).toUri().toURL();
        try (RankClassLoader rank0 = new RankClassLoader(engines[0], List.of(testClasses), getClass().getClassLoader()))
        {
            assertSame(Engine.class, rank0.loadClass(Engine.class.getName()));
            assertSame(RankBinding.class, rank0.loadClass(RankBinding.class.getName()));
            assertSame(RankIdentity.class, rank0.loadClass(RankIdentity.class.getName()));
            assertSame(Observations.class, rank0.loadClass(Observations.class.getName()), "io.colompi.colo is shared");
            assertSame(Test.class, rank0.loadClass(Test.class.getName()));
            assertSame(String.class, rank0.loadClass("java.lang.String"));
            assertSame(org.w3c.dom.Node.class, rank0.loadClass("org.w3c.dom.Node"), "JDK modules stay the JDK's");
            assertSame(engines[0], ((RankBinding)rank0).engine());
        }
    }

    @Test
    void resourcesAreChildFirst(@TempDir final Path dir) throws IOException
    {
        final Path parentDir = Files.createDirectories(dir.resolve("parent"));
        final Path childDir = Files.createDirectories(dir.resolve("child"));
        Files.writeString(parentDir.resolve("which.txt"), "parent");
        Files.writeString(childDir.resolve("which.txt"), "child");
        Files.writeString(parentDir.resolve("only-parent.txt"), "parent");
        try (URLClassLoader parent = new URLClassLoader(new URL[]{ parentDir.toUri().toURL() }, getClass().getClassLoader());
             RankClassLoader rank = new RankClassLoader(engines[0], List.of(childDir.toUri().toURL()), parent))
        {
            assertEquals("child", read(rank.getResource("which.txt")));
            try (InputStream in = rank.getResourceAsStream("which.txt"))
            {
                assertEquals("child", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            final List<URL> all = Collections.list(rank.getResources("which.txt"));
            assertEquals(2, all.size());
            assertEquals("child", read(all.get(0)));
            assertEquals("parent", read(all.get(1)));
            assertEquals("parent", read(rank.getResource("only-parent.txt")));
        }
    }

    @Test
    void sharedPackagesAreMatchedByPrefix()
    {
        assertTrue(RankClassLoader.isShared("io.colompi.core.pt2pt.Engine"));
        assertTrue(RankClassLoader.isShared("org/agrona/DirectBuffer.class"));
        assertTrue(!RankClassLoader.isShared("mpi.MPI"));
        assertTrue(!RankClassLoader.isShared("io.colompi.colonel.Program"), "a prefix is a whole package name");
    }

    static Engine[] engines(final int np)
    {
        final JobContext job = new JobContext(Placement.singleJvm(np), new JobTermination(() -> { }), WaitPolicy.BACKOFF, 16384);
        final Engine[] engines = new Engine[np];
        for (int r = 0; r < np; r++)
        {
            engines[r] = new Engine(r, job);
        }
        return engines;
    }

    private static int increment(final Class<?> counter) throws ReflectiveOperationException
    {
        return (int)counter.getMethod("increment").invoke(null);
    }

    private static String read(final URL url) throws IOException
    {
        try (InputStream in = url.openStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
