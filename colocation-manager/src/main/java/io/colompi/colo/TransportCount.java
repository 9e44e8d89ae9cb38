package io.colompi.colo;

/**
 * What one rank sent through one transport during a job.
 *
 * @param transport the transport's short name, e.g. {@code local}.
 * @param messages  messages sent.
 * @param bytes     payload bytes sent.
 */
public record TransportCount(String transport, long messages, long bytes)
{
}
