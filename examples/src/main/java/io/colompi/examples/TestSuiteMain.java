package io.colompi.examples;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Starts a program as MPJ Express' {@code TestSuite} does: its {@code (String[])} constructor when it has one (some
 * of MPJ's test programs have only that, or an empty {@code main} beside it), otherwise its static {@code main}.
 * {@code colorun -np 2 -cp app:examples.jar io.colompi.examples.TestSuiteMain mpi.pt2pt.Send [args...]}.
 */
public final class TestSuiteMain
{
    private TestSuiteMain()
    {
    }

    public static void main(final String[] args) throws Throwable
    {
        if (args.length == 0)
        {
            System.err.println("usage: TestSuiteMain ProgramClass [args...]");
            System.exit(2);
        }
        final Class<?> program = Class.forName(args[0]);
        final String[] programArgs = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            try
            {
                final Constructor<?> constructor = program.getDeclaredConstructor(String[].class);
                constructor.setAccessible(true);
                constructor.newInstance((Object)programArgs);
            }
            catch (final NoSuchMethodException noConstructor)
            {
                final Method main = program.getDeclaredMethod("main", String[].class);
                if (!Modifier.isStatic(main.getModifiers()))
                {
                    throw new IllegalArgumentException(args[0] + " has neither a (String[]) constructor nor a static main");
                }
                main.setAccessible(true);
                main.invoke(null, (Object)programArgs);
            }
        }
        catch (final InvocationTargetException e)
        {
            throw e.getCause();
        }
    }
}
