package io.colompi.transport.rdma;

import io.aeron.exceptions.AeronEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AeronErrorLineTest
{
    @Test
    void eachErrorIsOneLineAndAFloodShowsOnlyTheFirst()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AeronErrorLine errors = new AeronErrorLine("aeron, JVM 3", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        errors.onError(new IllegalStateException("two\nlines"));
        for (int i = 0; i < 20; i++)
        {
            errors.onError(new AeronEvent("failed to send datagram " + i));
        }
        final List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(AeronErrorLine.SHOWN, lines.size());
        assertEquals("colompi: aeron, JVM 3: IllegalStateException: two lines", lines.get(0));
        assertEquals("colompi: aeron, JVM 3: AeronEvent: WARN - failed to send datagram 8 (later aeron errors of this " +
            "JVM are not shown)", lines.get(AeronErrorLine.SHOWN - 1));
    }
}
