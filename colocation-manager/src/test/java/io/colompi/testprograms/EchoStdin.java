package io.colompi.testprograms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Rank 0 prints {@code stdin: <its first line>} (the job's stdin reaches the JVM of rank 0); the others nothing. */
public final class EchoStdin
{
    private EchoStdin()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (MyRank.engine().worldRank() == 0)
        {
            System.out.println("stdin: " + new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine());
        }
    }
}
