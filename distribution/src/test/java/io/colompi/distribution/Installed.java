package io.colompi.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The distribution tarball this build made, unpacked into {@code parent} and then moved elsewhere (an install must
 * not care where it lives): no checkout, no Maven.
 */
final class Installed
{
    static final Path TARBALL = Path.of(System.getProperty("colompi.distribution", "target/missing.tar.gz"));
    static final String VERSION = System.getProperty("colompi.version", "0.1.0-SNAPSHOT");

    final Path home;

    private Installed(final Path home)
    {
        this.home = home;
    }

    static Installed unpack(final Path parent) throws IOException, InterruptedException
    {
        return unpack(parent, "moved colompi");   // a blank in the path, too
    }

    /** The tarball unpacked into {@code parent} and moved to {@code parent/name}. */
    static Installed unpack(final Path parent, final String name) throws IOException, InterruptedException
    {
        final Path unpacked = Files.createDirectory(parent.resolve("unpacked"));
        final Shell.Result tar = Shell.run(List.of("tar", "xzf", TARBALL.toAbsolutePath().toString(), "-C", unpacked.toString()),
            Map.of(), parent, Duration.ofSeconds(60));
        assertEquals(0, tar.exitCode(), tar::toString);
        final Path moved = parent.resolve(name);
        Files.move(unpacked.resolve("colompi-" + VERSION), moved);
        return new Installed(moved);
    }

    String bin(final String script)
    {
        return home.resolve("bin").resolve(script).toString();
    }

    String examplesJar()
    {
        return home.resolve("examples").resolve("examples-" + VERSION + ".jar").toString();
    }

    /** Compile {@code source} (a class in the default package) into {@code dir} with the installed colojavac. */
    void compile(final Path dir, final String className, final String source) throws IOException, InterruptedException
    {
        final Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        final Shell.Result javac = Shell.run(List.of(bin("colojavac"), "-d", dir.toString(), file.toString()),
            Map.of(), dir, Duration.ofSeconds(120));
        assertEquals(0, javac.exitCode(), javac::toString);
    }
}
