package io.colompi.bench;

import mpi.MPI;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * OSU-micro-benchmarks-style benchmarks of colompi, run through the launcher:
 * {@code bin/colorun -np 2 -cp <bench class path> io.colompi.bench.Osu latency [--min-size 1 --max-size 4M ...]}.
 * Rank 0 prints OSU's columns on stdout and, with {@code --csv FILE}, appends machine-readable rows.
 */
@Command(name = "Osu", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "BENCHMARK", version = "colompi bench 0.1.0",
    description = {
        "OSU-style benchmarks of colompi: latency, bw, bibw, multi-lat (point to point);",
        "allreduce, bcast, barrier, alltoall, alltoallv, allgather, allgatherv, reduce, gather, scatter, gatherv,",
        "scatterv (collectives);",
        "iallreduce, ibcast, ibarrier, ialltoall, ialltoallv, iallgather, iallgatherv, ireduce, igather, iscatter,",
        "igatherv, iscatterv",
        "(started, waited for).",
        "Run through bin/colorun; 'Osu BENCHMARK --help' lists a benchmark's options."
    })
public final class Osu
{
    private Osu()
    {
    }

    public static void main(final String[] args)
    {
        final String[] programArgs = MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final CommandLine commandLine = commandLine();
        if (rank != 0)
        {
            // Every rank parses the same arguments; only rank 0 speaks.
            final PrintWriter silent = new PrintWriter(Writer.nullWriter());
            commandLine.setOut(silent);
            commandLine.setErr(silent);
        }
        final int code = commandLine.execute(programArgs);
        MPI.Finalize();
        if (code != 0 && rank == 0)
        {
            System.exit(code);
        }
    }

    /** The command tree; a benchmark's exception is rethrown, so the launcher ends the job naming the rank. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new Osu());
        commandLine.addSubcommand("latency", new LatencyBench());
        commandLine.addSubcommand("bw", new CommandLine(new BandwidthBench(false)).setCommandName("bw"));
        commandLine.addSubcommand("bibw", new CommandLine(new BandwidthBench(true)).setCommandName("bibw"));
        commandLine.addSubcommand("multi-lat", new MultiLatencyBench());
        for (final Collective collective : Collective.values())
        {
            commandLine.addSubcommand(collective.label(), new CollectiveBench(collective));
        }
        commandLine.getSubcommands().get("bw").getCommandSpec().usageMessage()
            .description("Windowed unidirectional bandwidth, rank 0 to 1 (osu_bw).");
        commandLine.getSubcommands().get("bibw").getCommandSpec().usageMessage()
            .description("Windowed bidirectional bandwidth between ranks 0 and 1 (osu_bibw).");
        for (final Collective collective : Collective.values())
        {
            commandLine.getSubcommands().get(collective.label()).getCommandSpec().usageMessage()
                .description("Latency of MPI " + collective.label() + " over all ranks (osu_" + collective.label() + ").");
        }
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) ->
        {
            throw exception;
        });
        return commandLine;
    }
}
