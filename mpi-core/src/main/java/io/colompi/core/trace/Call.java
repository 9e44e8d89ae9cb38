package io.colompi.core.trace;

import java.util.HashMap;
import java.util.Map;

/**
 * The MPI calls a trace records; the ordinal is the code in the journal, so append new calls at the end only. A call
 * of both APIs has the MPJ Express name, and Open MPI's as an alias ({@code Comm.allReduce} is {@link #ALLREDUCE}).
 */
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
    BARRIER("Intracomm.Barrier", "Comm.barrier"),
    BCAST("Intracomm.Bcast", "Comm.bcast"),
    GATHER("Intracomm.Gather", "Comm.gather"),
    GATHERV("Intracomm.Gatherv", "Comm.gatherv"),
    SCATTER("Intracomm.Scatter", "Comm.scatter"),
    SCATTERV("Intracomm.Scatterv", "Comm.scatterv"),
    ALLGATHER("Intracomm.Allgather", "Comm.allGather"),
    ALLGATHERV("Intracomm.Allgatherv", "Comm.allGatherv"),
    ALLTOALL("Intracomm.Alltoall", "Comm.allToAll"),
    ALLTOALLV("Intracomm.Alltoallv", "Comm.allToAllv"),
    REDUCE("Intracomm.Reduce", "Comm.reduce"),
    ALLREDUCE("Intracomm.Allreduce", "Comm.allReduce"),
    REDUCE_SCATTER("Intracomm.Reduce_scatter", "Comm.reduceScatter"),
    SCAN("Intracomm.Scan", "Intracomm.scan"),
    EXSCAN("Intracomm.Exscan", "Intracomm.exScan"),
    /** A nonblocking collective started (its name in the record's tag field is not kept: see the facade name). */
    ICOLLECTIVE("Intracomm.I*"),
    /** A facade call this enum does not name. */
    OTHER("other"),
    /** {@link #WAIT} that completed a receive: the peer is its source. */
    WAIT_RECV("Request.Wait"),
    /** {@link #TEST} that completed a receive: the peer is its source. */
    TEST_RECV("Request.Test"),
    NEIGHBOR_ALLGATHER("Comm.neighborAllGather"),
    NEIGHBOR_ALLGATHERV("Comm.neighborAllGatherv"),
    NEIGHBOR_ALLTOALL("Comm.neighborAllToAll"),
    NEIGHBOR_ALLTOALLV("Comm.neighborAllToAllv"),
    WIN_PUT("Win.put", "Win.rPut"),
    WIN_GET("Win.get", "Win.rGet"),
    WIN_ACCUMULATE("Win.accumulate", "Win.rAccumulate", "Win.getAccumulate", "Win.rGetAccumulate", "Win.fetchAndOp",
        "Win.compareAndSwap"),
    WIN_FENCE("Win.fence"),
    WIN_LOCK("Win.lock", "Win.lockAll"),
    WIN_UNLOCK("Win.unlock", "Win.unlockAll"),
    WIN_FLUSH("Win.flush", "Win.flushAll", "Win.flushLocal", "Win.flushLocalAll"),
    WIN_POST("Win.post"),
    WIN_START("Win.start"),
    WIN_COMPLETE("Win.complete"),
    WIN_WAIT("Win.waitFor", "Win.test"),
    FILE_READ("File.read", "File.readAt", "File.readAtAll", "File.readAll", "File.readShared", "File.readOrdered"),
    FILE_WRITE("File.write", "File.writeAt", "File.writeAtAll", "File.writeAll", "File.writeShared",
        "File.writeOrdered"),
    COMM_DUP("Comm.clone", "Intracomm.clone", "Intercomm.clone", "Cartcomm.clone", "Graphcomm.clone", "CartComm.dup",
        "GraphComm.dup"),
    COMM_SPLIT("Intracomm.Split", "Intracomm.splitType"),
    COMM_CREATE("Intracomm.Create"),
    CART_CREATE("Intracomm.Create_cart", "Intracomm.createCart"),
    CART_SUB("Cartcomm.Sub", "CartComm.sub"),
    GRAPH_CREATE("Intracomm.Create_graph", "Intracomm.createGraph"),
    DIST_GRAPH_CREATE("Intracomm.createDistGraph", "Intracomm.createDistGraphAdjacent"),
    INTERCOMM_CREATE("Comm.Create_intercomm"),
    INTERCOMM_MERGE("Intercomm.Merge"),
    ISSEND("Comm.Issend", "Comm.isSend"),
    IRSEND("Comm.Irsend", "Comm.irSend"),
    BSEND("Comm.Bsend", "Comm.bSend"),
    IBSEND("Comm.Ibsend", "Comm.ibSend"),
    /** A persistent send started. */
    START("Prequest.Start", "Prequest.start"),
    /** A persistent receive started. */
    START_RECV("Prequest.Start"),
    COMM_ACCEPT("Intracomm.accept"),
    COMM_CONNECT("Intracomm.connect"),
    OPEN_PORT("Intracomm.openPort"),
    CLOSE_PORT("Intracomm.closePort"),
    /** The name service's calls: each a round trip to the job's launcher. */
    PUBLISH_NAME("Intracomm.publishName"),
    UNPUBLISH_NAME("Intracomm.unpublishName"),
    LOOKUP_NAME("Intracomm.lookupName");

    private static final Call[] VALUES = values();
    private static final Map<String, Call> BY_NAME = new HashMap<>();

    static
    {
        for (final Call call : VALUES)
        {
            BY_NAME.putIfAbsent(call.mpiName, call);
            for (final String alias : call.aliases)
            {
                BY_NAME.put(alias, call);
            }
        }
    }

    private final String mpiName;
    private final String[] aliases;

    Call(final String mpiName, final String... aliases)
    {
        this.mpiName = mpiName;
        this.aliases = aliases;
    }

    /** The facade method, e.g. {@code Intracomm.Allreduce}. */
    public String mpiName()
    {
        return mpiName;
    }

    /**
     * The call the facade names {@code mpiName} ({@code Intracomm.Bcast}, {@code Comm.bcast}); a nonblocking
     * collective of either API ({@code Intracomm.Ibcast}, {@code Comm.iBcast}) is {@link #ICOLLECTIVE}; else
     * {@link #OTHER}.
     */
    public static Call named(final String mpiName)
    {
        final Call call = BY_NAME.get(mpiName);
        return call != null ? call : nonblocking(mpiName) ? ICOLLECTIVE : OTHER;
    }

    /** MPJ Express' {@code Intracomm.Ibcast}, or Open MPI's {@code Comm.iBcast}. */
    private static boolean nonblocking(final String mpiName)
    {
        final int dot = mpiName.indexOf('.');
        return mpiName.startsWith("Intracomm.I") || dot > 0 && mpiName.length() > dot + 2 &&
            mpiName.charAt(dot + 1) == 'i' && Character.isUpperCase(mpiName.charAt(dot + 2));
    }

    /** The call with journal code {@code code}; {@link #OTHER} for a code this version does not know. */
    public static Call ofCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : OTHER;
    }

    /** Whether this call moves a message to its peer (sends), as opposed to receiving or waiting. */
    public boolean sends()
    {
        return this == SEND || this == SSEND || this == RSEND || this == ISEND || this == ISSEND || this == IRSEND ||
            this == BSEND || this == IBSEND || this == START;
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
