package io.colompi.core.job;

/**
 * A job's name service ({@code MPI_Publish_name}, {@code MPI_Unpublish_name}, {@code MPI_Lookup_name}): service
 * names, each bound to a port, that any rank of the job publishes and any rank reads. A launched job's is kept by
 * its launcher, which every JVM of the job reaches over its control channel; a job that lives in one JVM keeps a
 * {@link ServiceNames} table of its own.
 */
public interface NameService
{
    /** Bind {@code service} to {@code port}; {@link ErrorClass#SERVICE} if the service is published already. */
    void publish(String service, String port);

    /** Unbind {@code service}, published with {@code port}; {@link ErrorClass#SERVICE} if it is not. */
    void unpublish(String service, String port);

    /** The port {@code service} is bound to; {@link ErrorClass#NAME} if nobody published it. */
    String lookup(String service);
}
