package io.colompi.trace;

import io.colompi.colo.PlacementFile;
import io.colompi.trace.journal.JobJournals;
import io.colompi.trace.place.TracePlacement;
import io.colompi.trace.report.TraceReport;
import io.colompi.trace.report.Traffic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code colotrace report DIR} and {@code colotrace place DIR --ranks-per-jvm K [--nodes M]}: what a job traced with
 * {@code colorun --trace DIR} did, and where to put its ranks next time. Exit status 0, 1 when the journals cannot be
 * read (one line says why), 2 for a bad command line.
 */
@Command(
    name = "colotrace", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = "Looks at a job traced with 'colorun --trace DIR'.",
    subcommands = { Colotrace.Report.class, Colotrace.Place.class })
public final class Colotrace implements Callable<Integer>
{
    private final PrintStream out;
    private final PrintStream err;

    Colotrace(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Colotrace colotrace = new Colotrace(out, err);
        return new CommandLine(colotrace)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setExecutionExceptionHandler((ex, cl, parsed) ->
            {
                err.println("colotrace: " + (ex instanceof IllegalArgumentException ? ex.getMessage() : ex.toString()));
                return 1;
            })
            .execute(args);
    }

    @Override
    public Integer call()
    {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** Say on stderr what is missing from {@code journals}, read. */
    private void tellProblems(final JobJournals journals)
    {
        journals.problems().forEach(p -> err.println("colotrace: incomplete trace: " + p));
    }

    /** {@code colotrace report DIR}. */
    @Command(name = "report", description = "Writes next to the journals: matrix-bytes.png, matrix-messages.png, " +
        "tiers.png, mpi-time.png, timeline.json (Perfetto) and summary.md.")
    static final class Report implements Callable<Integer>
    {
        @CommandLine.ParentCommand
        private Colotrace parent;

        /** This subcommand as parsed: its errors are printed where the command's are (the caller's stderr). */
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The directory given to colorun --trace.")
        private Path directory;

        @Option(names = "--timeline-calls", paramLabel = "N", defaultValue = "" + TraceReport.TIMELINE_CALLS,
            description = "Calls timeline.json holds at most, the job's first (default ${DEFAULT-VALUE}, about " +
                "100 MB: Perfetto loads larger files slowly).")
        private int timelineCalls;

        @Override
        public Integer call() throws IOException
        {
            if (timelineCalls < 0)
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--timeline-calls must be at least 0, not " + timelineCalls);
            }
            try (JobJournals journals = JobJournals.open(directory))
            {
                final TraceReport report = TraceReport.read(journals, timelineCalls);
                parent.tellProblems(journals);
                final Path summary = report.write();
                parent.out.println("colotrace: report of " + journals.size() + " ranks in " + summary);
            }
            return 0;
        }
    }

    /** {@code colotrace place DIR --ranks-per-jvm K [--nodes M] [-o FILE]}. */
    @Command(name = "place", description = "Computes where the ranks should run so that the fewest bytes cross " +
        "JVMs, then nodes, and writes it as a placement file for colorun --placement.")
    static final class Place implements Callable<Integer>
    {
        @CommandLine.ParentCommand
        private Colotrace parent;

        /** This subcommand as parsed: its errors are printed where the command's are (the caller's stderr). */
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The directory given to colorun --trace.")
        private Path directory;

        @Option(names = "--ranks-per-jvm", required = true, paramLabel = "K", description = "Ranks per JVM, at most.")
        private int ranksPerJvm;

        @Option(names = "--nodes", paramLabel = "M", description = "Nodes (default 1).")
        private int nodes = 1;

        @Option(names = { "-o", "--output" }, paramLabel = "FILE", description = "Default: DIR/placement.txt.")
        private Path output;

        @Override
        public Integer call() throws IOException
        {
            if (ranksPerJvm < 1 || nodes < 1)
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ranks-per-jvm and --nodes must be at least 1");
            }
            final int size;
            final Traffic traffic;
            try (JobJournals journals = JobJournals.open(directory))
            {
                size = journals.size();
                traffic = Traffic.of(journals);
                parent.tellProblems(journals);
            }
            final TracePlacement placement = TracePlacement.compute(traffic.symmetricBytes(), ranksPerJvm, nodes);
            final String comparison = String.format(Locale.ROOT,
                "bytes crossing JVMs: %,d (blocks of %d: %,d); crossing nodes: %,d (blocks: %,d)",
                placement.jvmCut(), ranksPerJvm, placement.blockJvmCut(), placement.nodeCut(), placement.blockNodeCut());
            final Path file = output != null ? output : directory.resolve("placement.txt");
            Files.writeString(file, PlacementFile.format(placement.layout(),
                "colompi placement from the trace in " + directory.toAbsolutePath() + "\n" +
                "colotrace place --ranks-per-jvm " + ranksPerJvm + " --nodes " + nodes + ": " + comparison + "\n" +
                "run it: colorun -np " + size + " --placement " + file +
                (nodes > 1 ? " --virtual-nodes " + nodes + " (or --hostfile)" : "") + " ..."));
            parent.out.println("colotrace: " + comparison);
            parent.out.println("colotrace: placement written to " + file);
            return 0;
        }
    }
}
