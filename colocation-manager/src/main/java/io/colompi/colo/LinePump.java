package io.colompi.colo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Copies a child process's output to one of ours in whole lines, so lines of the child never interleave with
 * other writers of {@code target} mid-line. A last line without a newline is copied at end of stream.
 */
final class LinePump implements Runnable
{
    private static final int CHUNK = 8192;

    private final InputStream source;
    private final PrintStream target;

    LinePump(final InputStream source, final PrintStream target)
    {
        this.source = source;
        this.target = target;
    }

    @Override
    public void run()
    {
        final byte[] chunk = new byte[CHUNK];
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try (InputStream in = source)
        {
            int read;
            while ((read = in.read(chunk)) >= 0)
            {
                int lastNewline = -1;
                for (int i = read - 1; i >= 0; i--)
                {
                    if (chunk[i] == '\n')
                    {
                        lastNewline = i;
                        break;
                    }
                }
                if (lastNewline < 0)
                {
                    pending.write(chunk, 0, read);
                    continue;
                }
                pending.write(chunk, 0, lastNewline + 1);
                emit(pending);
                pending.write(chunk, lastNewline + 1, read - lastNewline - 1);
            }
        }
        catch (final IOException ex)
        {
            // The child died or closed the pipe: what it wrote before is still emitted below.
            target.println("colompi: reading the rank host's output failed: " + ex);
        }
        emit(pending);
    }

    private void emit(final ByteArrayOutputStream lines)
    {
        if (lines.size() > 0)
        {
            target.write(lines.toByteArray(), 0, lines.size());
            target.flush();
            lines.reset();
        }
    }
}
