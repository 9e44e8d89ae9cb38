package io.colompi.core.trace;

import java.util.HashMap;
import java.util.Map;

/** The MPI calls a trace records; the ordinal is the code in the journal, so append new calls at the end only. */
public enum Call
{
    INIT("MPI.Init"),
    FINALIZE("MPI.Finalize"),
    SEND("Comm.Send"),
    SSEND("Comm.Ssend"),
    RSEND("Comm.Rsend"),
    ISEND("Comm.Isend"),
    RECV("Comm.Recv"),
    IRECV("Comm.Irecv"),
    SENDRECV("Comm.Sendrecv"),
    PROBE("Comm.Probe"),
    IPROBE("Comm.Iprobe"),
    WAIT("Request.Wait"),
    WAITALL("Request.Waitall"),
    WAITANY("Request.Waitany"),
    WAITSOME("Request.Waitsome"),
    TEST("Request.Test"),
    BARRIER("Intracomm.Barrier"),
    BCAST("Intracomm.Bcast"),
    GATHER("Intracomm.Gather"),
    GATHERV("Intracomm.Gatherv"),
    SCATTER("Intracomm.Scatter"),
    SCATTERV("Intracomm.Scatterv"),
    ALLGATHER("Intracomm.Allgather"),
    ALLGATHERV("Intracomm.Allgatherv"),
    ALLTOALL("Intracomm.Alltoall"),
    ALLTOALLV("Intracomm.Alltoallv"),
    REDUCE("Intracomm.Reduce"),
    ALLREDUCE("Intracomm.Allreduce"),
    REDUCE_SCATTER("Intracomm.Reduce_scatter"),
    SCAN("Intracomm.Scan"),
    EXSCAN("Intracomm.Exscan"),
    /** A nonblocking collective started (its name in the record's tag field is not kept: see the facade name). */
    ICOLLECTIVE("Intracomm.I*"),
    /** A facade call this enum does not name. */
    OTHER("other"),
    /** {@link #WAIT} that completed a receive: the peer is its source. */
    WAIT_RECV("Request.Wait"),
    /** {@link #TEST} that completed a receive: the peer is its source. */
    TEST_RECV("Request.Test");

    private static final Call[] VALUES = values();
    private static final Map<String, Call> BY_NAME = new HashMap<>();

    static
    {
        for (final Call call : VALUES)
        {
            BY_NAME.putIfAbsent(call.mpiName, call);
        }
    }

    private final String mpiName;

    Call(final String mpiName)
    {
        this.mpiName = mpiName;
    }

    /** The facade method, e.g. {@code Intracomm.Allreduce}. */
    public String mpiName()
    {
        return mpiName;
    }

    /** The call the facade names {@code mpiName} ({@code Intracomm.Bcast}); {@link #OTHER} if none. */
    public static Call named(final String mpiName)
    {
        final Call call = BY_NAME.get(mpiName);
        return call != null ? call : mpiName.startsWith("Intracomm.I") ? ICOLLECTIVE : OTHER;
    }

    /** The call with journal code {@code code}; {@link #OTHER} for a code this version does not know. */
    public static Call ofCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : OTHER;
    }

    /** Whether this call moves a message to its peer (sends), as opposed to receiving or waiting. */
    public boolean sends()
    {
        return this == SEND || this == SSEND || this == RSEND || this == ISEND;
    }

    /** Whether this call completes a receive whose source is its peer. */
    public boolean receives()
    {
        return this == RECV || this == WAIT_RECV || this == TEST_RECV;
    }

    /** This call when it completed a receive ({@link #WAIT} becomes {@link #WAIT_RECV}). */
    public Call completingReceive()
    {
        return this == WAIT ? WAIT_RECV : this == TEST ? TEST_RECV : this;
    }
}
