package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rank hosts' start-up cache: one per JDK and class path, trained by one job at a time, used by every later one. */
class StartupCacheTest
{
    @TempDir
    Path dir;

    @Test
    void aTracedJobHasACacheOfItsOwn() throws IOException
    {
        final Path jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 });
        assertNotEquals(StartupCache.key(jar.toString(), false), StartupCache.key(jar.toString(), true));
        assertTrue(TraceOptions.traced(TraceOptions.jvmOptions(dir)));
        assertFalse(TraceOptions.traced(List.of("-Xmx1g", "-Dcolompi.wait=spin")));
    }

    @Test
    void aChangedJarMeansAnotherCache() throws IOException
    {
        final Path jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 });
        final String before = StartupCache.key(jar.toString());
        Files.write(jar, new byte[]{ 1, 2 });
        assertNotEquals(before, StartupCache.key(jar.toString()));
        assertTrue(before.startsWith("jdk" + Runtime.version().feature() + "-"), before);
    }

    @Test
    void oneJobTrainsTheOthersWaitThenEveryRankHostUsesTheCache() throws IOException
    {
        final Path cacheDir = dir.resolve("aot");
        final StartupCache first = StartupCache.in(StartupCache.Kind.AOT, cacheDir, "x.jar");
        final StartupCache second = StartupCache.in(StartupCache.Kind.AOT, cacheDir, "x.jar");
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
    void theClassDataArchiveIsWrittenByTheTrainerAtExitAndMovedInPlaceAfterTheJob() throws IOException
    {
        final StartupCache first = StartupCache.in(StartupCache.Kind.CLASS_DATA, dir, "x.jar");
        final StartupCache second = StartupCache.in(StartupCache.Kind.CLASS_DATA, dir, "x.jar");
        final String archiveOption = first.jvmOptions(true).stream()
            .filter(option -> option.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
        assertEquals(List.of(), second.jvmOptions(true), "another job does not train the same archive meanwhile");
        final Path written = Path.of(archiveOption.substring(archiveOption.indexOf('=') + 1));
        assertNotEquals(first.file(), written, "the trainer writes aside: a half-written archive is never used");
        Files.write(written, new byte[]{ 1 });

        first.assemble(List.of());

        assertTrue(Files.isRegularFile(first.file()));
        assertFalse(Files.exists(written));
        assertEquals(List.of("-XX:SharedArchiveFile=" + first.file(), "-Xlog:cds*=off"), second.jvmOptions(false));
    }

    @Test
    void aNewCacheInPlaceRemovesTheOldestBeyondTheKeptOnes() throws IOException
    {
        for (int i = 0; i < StartupCache.KEPT; i++)
        {
            Files.setLastModifiedTime(Files.write(dir.resolve("old" + i + ".jsa"), new byte[]{ 1 }),
                FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        final Path other = Files.write(dir.resolve("old.aot"), new byte[]{ 1 });
        Files.setLastModifiedTime(other, FileTime.fromMillis(0));
        final StartupCache cache = StartupCache.in(StartupCache.Kind.CLASS_DATA, dir, "x.jar");
        final String option = cache.jvmOptions(true).get(0);
        Files.write(Path.of(option.substring(option.indexOf('=') + 1)), new byte[]{ 1 });

        cache.assemble(List.of());

        assertTrue(Files.exists(cache.file()));
        assertFalse(Files.exists(dir.resolve("old0.jsa")), "the oldest goes");
        assertTrue(Files.exists(dir.resolve("old1.jsa")));
        assertTrue(Files.exists(other), "caches of the other kind are not counted");
    }

    @Test
    void noneInADirectoryOthersMayWriteIn() throws IOException
    {
        final Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.write(shared.resolve(StartupCache.key("x.jar") + ".jsa"), new byte[]{ 1 });
        assertNull(StartupCache.in(StartupCache.Kind.CLASS_DATA, shared, "x.jar"), "a planted archive is not mapped");

        final StartupCache made = StartupCache.in(StartupCache.Kind.CLASS_DATA, dir.resolve("new"), "x.jar");
        assertTrue(made != null && StartupCache.ownedAlone(dir.resolve("new")), "a new directory is the user's alone");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir.resolve("new")));
    }

    @Test
    void noneWhereTheClassPathHoldsADirectoryOrABlank() throws IOException
    {
        final Path jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 });
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        assertTrue(StartupCache.onlyJars(jar.toString()));
        assertFalse(StartupCache.onlyJars(jar + File.pathSeparator + classes));
        assertFalse(StartupCache.onlyJars(Files.write(dir.resolve("a b.jar"), new byte[]{ 1 }).toString()));
        assertNull(StartupCache.of(jar + File.pathSeparator + classes, List.of()));
    }

    @Test
    void noneForAJobWhoseOptionsTakeClassDataSharingInHand() throws IOException
    {
        final String jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 }).toString();
        for (final String option : List.of("-Xshare:off", "-Xshare:auto", "-XX:SharedArchiveFile=my.jsa",
            "-XX:ArchiveClassesAtExit=my.jsa", "-XX:+AutoCreateSharedArchive", "-XX:AOTCache=my.aot",
            "-XX:AOTMode=record", "-XX:ObjectAlignmentInBytes=64", "-XX:-UseCompressedClassPointers"))
        {
            assertNull(StartupCache.of(jar, List.of("-Xmx1g", option)), option);
        }
        assertFalse(StartupCache.usersOwn(List.of("-Xmx1g", "-XX:+UseZGC", "-XX:-UseCompressedOops",
            "-Dcolompi.wait=spin")));
    }

    @Test
    void theClassDataArchiveByDefaultTheAotCacheOnlyWhenAskedForOnJava25() throws IOException
    {
        final String jar = Files.write(dir.resolve("a.jar"), new byte[]{ 1 }).toString();
        final StartupCache cache = StartupCache.of(jar, List.of());
        if (Boolean.getBoolean("colompi.aot") && Runtime.version().feature() >= StartupCache.MIN_AOT_FEATURE)
        {
            assertTrue(cache.file().toString().endsWith(".aot"), cache.file()::toString);
        }
        else if (Boolean.parseBoolean(System.getProperty("colompi.cds", "true")))
        {
            assertTrue(cache.file().toString().endsWith(".jsa"), cache.file()::toString);
        }
        else
        {
            assertNull(cache);
        }
    }
}
