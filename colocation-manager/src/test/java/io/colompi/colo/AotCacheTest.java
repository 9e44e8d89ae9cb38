package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rank hosts' AOT cache: one per JDK and class path, trained by one job at a time, used by every later one. */
class AotCacheTest
{
    @TempDir
    Path dir;

    @Test
    void aChangedJarMeansAnotherCache() throws IOException
    {
        final Path jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 });
        final String before = AotCache.key(jar.toString());
        Files.write(jar, new byte[]{ 1, 2 });
        assertNotEquals(before, AotCache.key(jar.toString()));
        assertTrue(before.startsWith("jdk" + Runtime.version().feature() + "-"), before);
    }

    @Test
    void oneJobTrainsTheOthersWaitThenEveryRankHostUsesTheCache() throws IOException
    {
        final Path cacheDir = dir.resolve("aot");
        final AotCache first = AotCache.in(cacheDir, "x.jar");
        final AotCache second = AotCache.in(cacheDir, "x.jar");
        final List<String> trainer = first.jvmOptions(true);
        assertTrue(trainer.contains("-XX:AOTMode=record"), trainer::toString);
        assertEquals(List.of(), first.jvmOptions(true), "one trainer per job");
        assertEquals(List.of(), first.jvmOptions(false), "the other JVMs of the training job run as before");
        assertEquals(List.of(), second.jvmOptions(true), "another job does not train the same cache meanwhile");

        first.assemble(List.of());    // the trainer recorded nothing: no cache, and the claim is given up
        assertFalse(Files.exists(first.file()));
        assertTrue(second.jvmOptions(true).contains("-XX:AOTMode=record"), "the next job trains");
        second.assemble(List.of());

        Files.write(first.file(), new byte[]{ 0 });
        final List<String> use = List.of("-XX:AOTCache=" + first.file());
        assertEquals(use, first.jvmOptions(true));
        assertEquals(use, second.jvmOptions(false));
    }

    @Test
    void offUnlessAskedForAndBeforeJava25()
    {
        if (!Boolean.getBoolean("colompi.aot") || Runtime.version().feature() < AotCache.MIN_FEATURE)
        {
            assertNull(AotCache.of("x.jar"));
        }
    }
}
