package io.colompi.colo;

/**
 * What one rank sent through one transport during a job.
 *
 * @param transport the transport's short name, e.g. {@code local}.
 * @param messages  messages sent.
 * @param bytes     payload bytes sent.
 * @param refused   records received and refused unread: not proven to come from the job, or replays.
 */
public record TransportCount(String transport, long messages, long bytes, long refused)
{
    public TransportCount(final String transport, final long messages, final long bytes)
    {
        this(transport, messages, bytes, 0);
    }
}
