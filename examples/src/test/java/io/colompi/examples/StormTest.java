package io.colompi.examples;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random traffic drawn from a seed and checked by every rank, in every placement: point-to-point
 * ({@code programs.MessageStorm}: every send mode of both APIs, exact and wildcard receives, probes, persistent
 * requests, every completion call, three communicators, counts from 0 to a few hundred KiB around the eager limit,
 * and with rings small enough to fill), one-sided ({@code programs.WindowStorm}: fence, post-start-complete-wait
 * and lock epochs, puts, gets, accumulates, fetch-and-op counters and compare-and-swap races, against a model of
 * every window) and MPI-IO ({@code programs.FileStorm}: explicit offsets one by one, nonblocking and collective, a
 * strided view with individual file pointers, ordered writes at the shared pointer, against a model of the file). A
 * failure names its seed, round, epoch or step, and rank; rerun it with {@code -Dstorm.seed=S}.
 */
@Timeout(120)
class StormTest
{
    private static final String SEED = System.getProperty("storm.seed", "");

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

    private static void run(final String placement, final String program, final long seed, final int rounds,
        final String ok) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of(placement.trim().split("\\s+")));
        args.addAll(List.of("-cp", Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes"),
            "io.colompi.examples.programs." + program, SEED.isEmpty() ? Long.toString(seed) : SEED,
            Integer.toString(rounds)));
        final Launch storm = Launch.run("colorun", args.toArray(new String[0]));
        assertEquals(0, storm.exitCode, storm.toString());
        assertTrue(storm.stdout.contains(ok), storm.toString());
    }
}
