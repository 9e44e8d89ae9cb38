package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.NameService;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.agrona.collections.IntHashSet;

import java.util.function.Supplier;

/**
 * One rank's ports ({@code MPI_Open_port}, {@code MPI_Comm_accept}, {@code MPI_Comm_connect}) between groups of
 * its own job: a port is a name ({@code colompi-port:<job>:<world rank>:<serial>}) that its rank hands to another
 * group, whose root connects to it while that rank, as the accepting group's root, accepts; both groups then hold
 * an intercommunicator, made as {@link Communicators#createIntercomm} makes one, over the job's port channel (a
 * communicator over all world ranks on context ids of its own, {@link Communicator#ports}). A connection request
 * is one message to the port's rank with tag {@code 2 * serial}, the leaders' exchange then uses
 * {@code 2 * serial + 1}. Ports of another job (colompi starts no processes into a running job) and names that are
 * no port are {@link ErrorClass#PORT}, found by the root and raised on every rank of its group. Ranks may also
 * find a port by a service name, in the job's {@link #names() name service}.
 */
public final class Ports
{
    private static final String PREFIX = "colompi-port:";
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** Sent by a root to its group in place of a serial when its side of the connection failed. */
    private static final int FAILED = -1;

    private final Engine engine;
    private final Communicator channel;
    private final String job;
    private final IntHashSet open = new IntHashSet();
    private int nextSerial;

    public Ports(final Engine engine)
    {
        this.engine = engine;
        this.channel = Communicator.ports(engine);
        this.job = Long.toHexString(engine.job().wiring().jobId());
    }

    /**
     * The job's name service ({@code MPI_Publish_name}, {@code MPI_Unpublish_name}, {@code MPI_Lookup_name}), where
     * a service name any rank publishes is bound to a port that any rank of the job looks up.
     */
    public NameService names()
    {
        return engine.job().wiring().names();
    }

    /** {@code MPI_Open_port}: a new port of this rank, open until {@link #close}. */
    public synchronized String open()
    {
        if (nextSerial >= Peers.TAG_UB / 2)
        {
            throw new MpiError(ErrorClass.PORT, "rank " + engine.worldRank() + " has opened all the ports it can (" +
                nextSerial + ")");
        }
        final int serial = nextSerial++;
        open.add(serial);
        return PREFIX + job + ':' + engine.worldRank() + ':' + serial;
    }

    /** {@code MPI_Close_port}: {@code port} must be open on this rank. */
    public synchronized void close(final String port)
    {
        open.remove(openSerial(port));
    }

    /**
     * {@code MPI_Comm_accept}, collective over {@code local}: at {@code root}, which must have opened {@code port},
     * waits for one group's root to connect to it; returns the intercommunicator to that group.
     */
    public Communicator accept(final String port, final Communicator local, final int root)
    {
        return join(local, root, () ->
        {
            final int serial = openSerial(port);
            final ProbeStatus request = new ProbeStatus();
            channel.probeStep(Peers.ANY_SOURCE, 2 * serial, request);
            final int[] asked = new int[1];
            channel.recvStep(asked, 0, 1, INT, request.source, 2 * serial);
            return new int[]{ serial, request.source };
        });
    }

    /**
     * {@code MPI_Comm_connect}, collective over {@code local}: {@code root} asks the rank that opened {@code port}
     * (a rank of another group of this job, which accepts on it) for a connection; returns the intercommunicator to
     * the accepting group once it has accepted.
     */
    public Communicator connect(final String port, final Communicator local, final int root)
    {
        return join(local, root, () ->
        {
            final String[] parts = parts(port);
            final int owner = Integer.parseInt(parts[1]);
            final int serial = Integer.parseInt(parts[2]);
            if (owner >= engine.worldSize())
            {
                throw new MpiError(ErrorClass.PORT, "port " + port + " names world rank " + owner + " of a job of " +
                    engine.worldSize() + " ranks");
            }
            for (final int member : local.group())
            {
                if (member == owner)
                {
                    throw new MpiError(ErrorClass.PORT, "port " + port + " belongs to world rank " + owner +
                        ", a rank of the connecting group: only another group can accept on it");
                }
            }
            channel.sendStep(new int[]{ serial }, 0, 1, INT, owner, 2 * serial);
            return new int[]{ serial, owner };
        });
    }

    /**
     * The root's step (the port's serial and the other group's leader, a world rank), its outcome told to the rest of
     * {@code local} (every rank fails alike, or none), then the intercommunicator the two leaders make.
     */
    private Communicator join(final Communicator local, final int root, final Supplier<int[]> rootStep)
    {
        Communicators.requireIntra(local, "a port's connection (local communicator)");
        if (root < 0 || root >= local.size())
        {
            throw new MpiError(ErrorClass.ROOT, "root " + root + " is not a rank of a communicator of " + local.size());
        }
        final int[] verdict;
        if (local.rank() == root)
        {
            int[] outcome;
            MpiError failure = null;
            try
            {
                outcome = rootStep.get();
            }
            catch (final MpiError e)
            {
                failure = e;
                outcome = new int[]{ FAILED, Peers.PROC_NULL };
            }
            verdict = outcome;
            Communicators.broadcast(local.collective(), verdict);
            if (failure != null)
            {
                throw failure;
            }
        }
        else
        {
            verdict = Communicators.receiveBroadcast(local.collective(), root);
            if (verdict[0] == FAILED)
            {
                throw new MpiError(ErrorClass.PORT, "the port's connection failed at the group's root (rank " + root +
                    ")");
            }
        }
        return Communicators.createIntercomm(local, root, channel, verdict[1], 2 * verdict[0] + 1);
    }

    /** The serial of {@code port}, which must be a port this rank opened and has not closed. */
    private synchronized int openSerial(final String port)
    {
        final String[] parts = parts(port);
        if (Integer.parseInt(parts[1]) != engine.worldRank())
        {
            throw new MpiError(ErrorClass.PORT, "port " + port + " was opened by world rank " + parts[1] +
                ", not by this rank (" + engine.worldRank() + ")");
        }
        final int serial = Integer.parseInt(parts[2]);
        if (!open.contains(serial))
        {
            throw new MpiError(ErrorClass.PORT, "port " + port + " is not open (closed already?)");
        }
        return serial;
    }

    /** Job, world rank and serial of a port of this job. */
    private String[] parts(final String port)
    {
        if (port == null || !port.startsWith(PREFIX))
        {
            throw new MpiError(ErrorClass.PORT, "not a port name: " + port + " (Intracomm.openPort makes them)");
        }
        final String[] parts = port.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3 || !parts[1].matches("\\d{1,9}") || !parts[2].matches("\\d{1,9}"))
        {
            throw new MpiError(ErrorClass.PORT, "not a port name: " + port + " (Intracomm.openPort makes them)");
        }
        if (!parts[0].equals(job))
        {
            throw new MpiError(ErrorClass.PORT, "port " + port + " is another job's: colompi connects the groups of " +
                "one job only (README, 'Not yet')");
        }
        return parts;
    }
}
