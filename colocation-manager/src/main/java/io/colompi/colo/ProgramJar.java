package io.colompi.colo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * An application jar as {@code java -jar} sees it: the main class named by its manifest, and its class path
 * (the jar, then the manifest's {@code Class-Path} entries, relative to the jar's directory).
 *
 * @param mainClass the manifest's {@code Main-Class}, or null if it has none.
 * @param classPath absolute class path entries.
 */
record ProgramJar(String mainClass, List<Path> classPath)
{
    static ProgramJar read(final Path jar) throws IOException
    {
        final Path absolute = jar.toAbsolutePath().normalize();
        try (JarFile file = new JarFile(absolute.toFile()))
        {
            final Manifest manifest = file.getManifest();
            final Attributes main = manifest != null ? manifest.getMainAttributes() : new Attributes();
            final List<Path> classPath = new ArrayList<>();
            classPath.add(absolute);
            final String manifestClassPath = main.getValue(Attributes.Name.CLASS_PATH);
            if (manifestClassPath != null)
            {
                final URI base = absolute.getParent().toUri();
                for (final String entry : manifestClassPath.trim().split("\\s+"))
                {
                    final URI resolved = base.resolve(entry);
                    if (!entry.isEmpty() && "file".equals(resolved.getScheme()))
                    {
                        classPath.add(Path.of(resolved));
                    }
                }
            }
            return new ProgramJar(main.getValue(Attributes.Name.MAIN_CLASS), classPath);
        }
    }
}
