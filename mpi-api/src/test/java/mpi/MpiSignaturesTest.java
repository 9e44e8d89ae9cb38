package mpi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule of {@code package-info}: javac compiling a program against the mpi-api jar alone must never need a core
 * class, so no member it may consider for a call names one. {@code ExamplesTest} (examples) compiles with {@code colojavac}.
 */
class MpiSignaturesTest
{
    private static final String CORE = "io.colompi.";

    @Test
    void noMemberAProgramCanResolveToNamesACoreType() throws Exception
    {
        final List<String> offences = new ArrayList<>();
        final List<Class<?>> classes = publicClasses();
        assertTrue(classes.size() >= 18, classes.toString());
        for (final Class<?> type : classes)
        {
            check(type, offences);
        }
        assertEquals(List.of(), offences);
    }

    private static void check(final Class<?> type, final List<String> offences)
    {
        if (namesCore(type.getGenericSuperclass()) || Stream.of(type.getGenericInterfaces()).anyMatch(MpiSignaturesTest::namesCore))
        {
            offences.add(type.getName() + " extends a core type");
        }
        final boolean constructible = Stream.of(type.getDeclaredConstructors()).anyMatch(c -> visible(c.getModifiers()));
        for (final Constructor<?> c : type.getDeclaredConstructors())
        {
            // javac tries every constructor of the class for a `new`, whatever its access.
            if ((constructible || Modifier.isPrivate(c.getModifiers())) && namesCore(c))
            {
                offences.add(c.toGenericString());
            }
        }
        final Set<String> publicNames = Stream.of(type.getMethods()).map(Method::getName).collect(Collectors.toSet());
        for (final Method m : type.getDeclaredMethods())
        {
            if (!m.isSynthetic() && namesCore(m) &&
                (!packagePrivate(m) || publicNames.contains(m.getName())))
            {
                offences.add(m.toGenericString());
            }
        }
        for (final Field f : type.getDeclaredFields())
        {
            if (!f.isSynthetic() && !packagePrivate(f) && namesCore(f.getGenericType()))
            {
                offences.add(f.toGenericString());
            }
        }
    }

    private static boolean visible(final int modifiers)
    {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean packagePrivate(final Member member)
    {
        return (member.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0;
    }

    private static boolean namesCore(final Executable e)
    {
        final Type result = e instanceof Method ? ((Method)e).getGenericReturnType() : void.class;
        return namesCore(result) || Stream.of(e.getGenericParameterTypes()).anyMatch(MpiSignaturesTest::namesCore) ||
            Stream.of(e.getGenericExceptionTypes()).anyMatch(MpiSignaturesTest::namesCore);
    }

    private static boolean namesCore(final Type type)
    {
        return type != null && type.getTypeName().contains(CORE);
    }

    private static List<Class<?>> publicClasses() throws IOException, URISyntaxException, ClassNotFoundException
    {
        final Path root = Path.of(MPI.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("mpi");
        final List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(root))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList())
            {
                final String name = file.getFileName().toString();
                final Class<?> type = Class.forName("mpi." + name.substring(0, name.length() - ".class".length()));
                if (Modifier.isPublic(type.getModifiers()))
                {
                    classes.add(type);
                }
            }
        }
        return classes;
    }
}
