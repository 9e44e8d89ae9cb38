package io.colompi.trace.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.posix.PosixAPI;

import java.nio.file.Path;

/**
 * The journals' Chronicle Queues, opened here before any other Chronicle class is touched, so that Chronicle runs
 * without its POSIX bindings. Chronicle Core loads them when it starts, through JNR, which generates their classes at
 * run time: about 150 ms of a traced JVM's start and 9 MB of garbage, whose young collection then fell in a short
 * program's loop (bench/RESULTS.md, session 46). The journals call none of them: no {@code msync} (a queue's pages
 * outlive a killed rank without it), no {@code madvise}; Chronicle falls back to the same no-op where JNR cannot load.
 * The choice holds for the whole JVM: a program that uses Chronicle itself, traced, gets no {@code msync} either.
 */
final class ChronicleQueues
{
    static
    {
        PosixAPI.useNoOpPosixApi();
    }

    private ChronicleQueues()
    {
    }

    /** The queue in {@code path}, made if missing, to append to. */
    static ChronicleQueue forWriting(final Path path)
    {
        return SingleChronicleQueueBuilder.binary(path).build();
    }

    /** The queue in {@code path}, read only. */
    static ChronicleQueue forReading(final Path path)
    {
        return SingleChronicleQueueBuilder.binary(path).readOnly(true).build();
    }
}
