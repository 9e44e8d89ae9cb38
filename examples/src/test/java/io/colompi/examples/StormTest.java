package io.colompi.examples;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random traffic drawn from a seed and checked by every rank, in every placement (the programs in
 * {@code programs/}): point-to-point ({@code MessageStorm}: every send mode of both APIs, exact and wildcard receives,
 * probes, persistent requests, every completion call, three communicators, counts from 0 to a few hundred KiB around
 * the eager limit, rings small enough to fill, ranks late by milliseconds), one-sided ({@code WindowStorm}: fence,
 * post-start-complete-wait and lock epochs, fetch-and-op counters and compare-and-swap races, against a model of every
 * window), MPI-IO ({@code FileStorm}: explicit offsets, strided views, the shared pointer, against a model of the
 * file), collectives ({@code CollectiveStorm}: every blocking and nonblocking one of both APIs on arrays and every kind
 * of nio buffer, derived types, ranks passing other types of one signature, user operations, in-place forms; some
 * runs with the node arenas' thresholds lowered ({@code LOW}) or the JVM leaders on ({@code LEADERS}) so that those
 * paths run at the storm's sizes), topologies ({@code TopologyStorm}: Cartesian grids, graphs, distributed graphs,
 * neighbourhood collectives, intercommunicators with their collectives and {@code Merge}), and threads
 * ({@code ThreadStorm}: several threads of every rank at once, point-to-point and collectives on communicators of their
 * own, probes on one they share), and a rank failing in the middle of such traffic ({@code FailureStorm}: an
 * exception, {@code System.exit}, {@code Abort}, its JVM halted or killed, while the others wait in calls of every
 * kind). A failure names its seed, step and rank; {@code -Dstorm.seed=S} (and
 * {@code -Dstorm.steps=N}) replace the fixed seeds, and the assertion message holds the {@code bin/colorun} line that
 * reruns it.
 */
@Timeout(120)
class StormTest
{
    private static final String SEED = System.getProperty("storm.seed", "");
    private static final String STEPS = System.getProperty("storm.steps", "");
    private static final String CP = Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes");
    /** Node arenas and the leaders' paths at the storm's sizes (their defaults start at 32 KiB-1 MiB, or are off). */
    private static final List<String> LOW = List.of("-J-Dcolompi.coll.node.allreduceBytes=512",
        "-J-Dcolompi.coll.node.bcastBytes=1024", "-J-Dcolompi.coll.bcast.minProcs=2",
        "-J-Dcolompi.coll.node.allgatherBytes=1024", "-J-Dcolompi.coll.node.alltoallBytes=16",
        "-J-Dcolompi.coll.node.slotBytes=16384");
    private static final String LEADERS = "-J-Dcolompi.coll.leaders=true";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 4                                                                              | 1",
        "-np 5 --ranks-per-jvm 2                                                            | 2",
        "-np 4 --ranks-per-jvm 1                                                            | 3",
        "-np 4 --ranks-per-jvm 2 -J-Dcolompi.local.inboxBytes=8k -J-Dcolompi.shm.ringBytes=64k | 4",
        "-np 4 --ranks-per-jvm 2 --virtual-nodes 2                                          | 5",
    })
    void everyMessageArrivesWholeInOrderAndAlone(final String placement, final long seed) throws Exception
    {
        run(placement, "MessageStorm", seed, 150, "STORM OK seed=");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 4                                    | 1",
        "-np 5 --ranks-per-jvm 2                  | 2",
        "-np 3 --ranks-per-jvm 1                  | 3",
        "-np 4 --ranks-per-jvm 2 --virtual-nodes 2 | 4",
    })
    void everyWindowHoldsWhatItsEpochsWrote(final String placement, final long seed) throws Exception
    {
        run(placement, "WindowStorm", seed, 100, "WINDOWS OK seed=");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 4                                    | 1",
        "-np 3 --ranks-per-jvm 1                  | 2",
        "-np 4 --ranks-per-jvm 2 --virtual-nodes 2 | 3",
    })
    void everyFileHoldsWhatItsRanksWrote(final String placement, final long seed) throws Exception
    {
        run(placement, "FileStorm", seed, 60, "FILES OK seed=");
    }

    /** Seed 3 at np 4, a JVM per rank, LOW once ended in a node-arena bcast whose ranks passed other types. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 4 --ranks-per-jvm 4                     | 101",
        "-np 5 --ranks-per-jvm 5                     | 102",
        "-np 4 --ranks-per-jvm 2                     | 103",
        "-np 5 --ranks-per-jvm 2 LEADERS LOW         | 104",
        "-np 4 --ranks-per-jvm 1 LOW                 | 3",
        "-np 5 --ranks-per-jvm 1 LOW                 | 106",
        "-np 4 --virtual-nodes 2                     | 107",
        "-np 5 --virtual-nodes 2 LEADERS             | 108",
    })
    void everyCollectiveOfBothApisDeliversWhatItShould(final String placement, final long seed) throws Exception
    {
        run(placement, "CollectiveStorm", seed, 150, "STORM OK steps=");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 2                                       | 201",
        "-np 4                                       | 202",
        "-np 5 --ranks-per-jvm 2                     | 203",
        "-np 3 --ranks-per-jvm 1                     | 204",
        "-np 6 --virtual-nodes 2                     | 205",
        "-np 7 --ranks-per-jvm 2                     | 206",
    })
    void everyTopologyAndIntercommunicatorMovesWhatItShould(final String placement, final long seed) throws Exception
    {
        run(placement, "TopologyStorm", seed, 120, "TOPOLOGY STORM OK seed=");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-np 3                                       | 301",
        "-np 5 --ranks-per-jvm 2 LEADERS LOW         | 302",
        "-np 4 --ranks-per-jvm 1 LOW                 | 303",
        "-np 4 --ranks-per-jvm 2 --virtual-nodes 2   | 304",
    })
    void threadsOfEveryRankCommunicateAtOnce(final String placement, final long seed) throws Exception
    {
        run(placement, "ThreadStorm", seed, 200, "THREAD STORM OK seed=");
    }

    /**
     * One rank fails at a step drawn from the seed while the others are inside calls: the job ends within seconds
     * of it, with the status its failure gives, naming it (or its JVM's ranks), and leaves no shared memory behind.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "-np 4                                       | throw | 1   | 401",
        "-np 4 --ranks-per-jvm 2                     | exit0 | 1   | 402",
        "-np 5 --ranks-per-jvm 2 LEADERS LOW         | abort | 5   | 403",
        "-np 3 --ranks-per-jvm 1                     | kill  | 137 | 404",
        "-np 4 --ranks-per-jvm 2 --virtual-nodes 2   | halt  | 9   | 405",
        "-np 4 --virtual-nodes 2                     | exit  | 7   | 406",
    })
    void aRankFailingInTheMiddleOfTrafficEndsTheJobAtOnceNamingIt(final String placement, final String failure,
        final int status, final long seed) throws Exception
    {
        final int np = Integer.parseInt(placement.trim().split("\\s+")[1]);
        final SplittableRandom draw = new SplittableRandom(seed);
        final int rank = draw.nextInt(np);
        final int steps = 30;
        final int step = draw.nextInt(steps + 1);
        final Set<String> shmBefore = colompiShm();
        final List<String> args = arguments(placement, "FailureStorm", Long.toString(seed), Integer.toString(steps),
            Integer.toString(rank), Integer.toString(step), failure);
        final Launch storm = Launch.run("colorun", args.toArray(new String[0]));
        final long ended = System.currentTimeMillis();
        final String rerun = "rerun: bin/colorun " + String.join(" ", args) + "\n";

        assertEquals(status, storm.exitCode, rerun + storm);
        assertFalse(storm.stdout.contains("STORM FAIL"), rerun + storm);
        final Matcher failing = Pattern
            .compile("FAILING rank=" + rank + " step=" + step + " failure=" + failure + " op=-?\\d+ at=(\\d+)")
            .matcher(storm.stdout);
        assertTrue(failing.find(), rerun + storm);
        assertTrue(ended - Long.parseLong(failing.group(1)) < 5_000, "ended " + (ended - Long.parseLong(failing.group(1))) +
            " ms after the failure; " + rerun + storm);
        assertTrue(names(storm.stderr, rank), rerun + storm);
        assertEquals(shmBefore, colompiShm(), rerun + storm);
    }

    /** Whether {@code stderr} names {@code rank}: "rank R", or "ranks A-B" (a JVM's) with R among them. */
    private static boolean names(final String stderr, final int rank)
    {
        final Matcher named = Pattern.compile("ranks? (\\d+)(?:-(\\d+))?").matcher(stderr);
        while (named.find())
        {
            final int first = Integer.parseInt(named.group(1));
            final int last = named.group(2) == null ? first : Integer.parseInt(named.group(2));
            if (first <= rank && rank <= last)
            {
                return true;
            }
        }
        return false;
    }

    private static Set<String> colompiShm() throws IOException
    {
        try (Stream<Path> entries = Files.list(Path.of("/dev/shm")))
        {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("colompi"))
                .collect(Collectors.toSet());
        }
    }

    /** Runs {@code program} (seed, steps) under {@code placement}, whose words LOW and LEADERS stand for tunings. */
    private static void run(final String placement, final String program, final long seed, final int steps,
        final String ok) throws Exception
    {
        final List<String> args = arguments(placement, program,
            SEED.isEmpty() ? Long.toString(seed) : SEED, STEPS.isEmpty() ? Integer.toString(steps) : STEPS);
        final Launch storm = Launch.run("colorun", args.toArray(new String[0]));
        final String rerun = "rerun: bin/colorun " + String.join(" ", args) + "\n";
        assertEquals(0, storm.exitCode, rerun + storm);
        assertTrue(storm.stdout.contains(ok), rerun + storm);
        assertFalse(storm.stdout.contains("STORM FAIL"), rerun + storm);
    }

    /** colorun's arguments: {@code placement}, whose words LOW and LEADERS stand for tunings, then the program's. */
    private static List<String> arguments(final String placement, final String program, final String... programArgs)
    {
        final List<String> args = new ArrayList<>();
        for (final String word : placement.trim().split("\\s+"))
        {
            if (word.equals("LOW"))
            {
                args.addAll(LOW);
            }
            else
            {
                args.add(word.equals("LEADERS") ? LEADERS : word);
            }
        }
        args.addAll(List.of("-cp", CP, "io.colompi.examples.programs." + program));
        args.addAll(List.of(programArgs));
        return args;
    }
}
