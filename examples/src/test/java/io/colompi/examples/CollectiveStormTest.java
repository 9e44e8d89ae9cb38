package io.colompi.examples;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomized collective storm ({@code programs.CollectiveStorm}) at np 4 and 5 in every placement: one JVM, JVMs
 * of two ranks, a JVM per rank, two virtual nodes; some with the collectives' thresholds lowered so that node arenas
 * and the JVM leaders run at the storm's sizes. Each step's ranks each call MPJ Express' API or Open MPI's (on arrays,
 * {@code MPI.slice}s, direct and heap buffers of the type or byte buffers, in-place forms too), and complete the
 * nonblocking ones with either API's waits. Each run checks every buffer of every step and prints
 * {@code STORM OK} at the end (seed 3 at np 4, a JVM per rank, once ended in a node-arena bcast whose ranks passed
 * other types of the same signature). A failure is reproduced with the seed its message names:
 * {@code -Dstorm.seed=S} (and {@code -Dstorm.steps=N}) replace the fixed seeds, or run
 * {@code bin/colorun -np P PLACEMENT -cp examples/target/classes:examples/target/test-classes
 * io.colompi.examples.programs.CollectiveStorm S N} ({@code -J-Dstorm.trace=true} lists the steps).
 */
@Timeout(90)
class CollectiveStormTest
{
    private static final String CP = Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes");
    private static final int STEPS = Integer.getInteger("storm.steps", 150);

    /** Node arenas and the leaders' paths at the storm's sizes (their defaults start at 32 KiB-1 MiB, or are off). */
    private static final String LOW = "-J-Dcolompi.coll.node.allreduceBytes=512 -J-Dcolompi.coll.node.bcastBytes=1024 " +
        "-J-Dcolompi.coll.bcast.minProcs=2 -J-Dcolompi.coll.node.allgatherBytes=1024 " +
        "-J-Dcolompi.coll.node.alltoallBytes=16 -J-Dcolompi.coll.node.slotBytes=16384";
    private static final String LEADERS = "-J-Dcolompi.coll.leaders=true";

    @ParameterizedTest(name = "np {0} {1} seed {2} {3}")
    @CsvSource({
        "4, --ranks-per-jvm=4, 101, ''",
        "5, --ranks-per-jvm=5, 102, ''",
        "4, --ranks-per-jvm=2, 103, ''",
        "5, --ranks-per-jvm=2, 104, LEADERS LOW",
        "4, --ranks-per-jvm=1, 3, LOW",
        "5, --ranks-per-jvm=1, 106, LOW",
        "4, --virtual-nodes=2, 107, ''",
        "5, --virtual-nodes=2, 108, LEADERS",
    })
    void stormPasses(final int np, final String placement, final long fixedSeed, final String tuning) throws Exception
    {
        final long seed = Long.getLong("storm.seed", fixedSeed);
        final List<String> args = new ArrayList<>(List.of("-np", Integer.toString(np)));
        args.addAll(List.of(placement.split("=")));
        for (final String t : tuning.split(" "))
        {
            if (t.equals("LOW"))
            {
                args.addAll(List.of(LOW.split(" ")));
            }
            else if (t.equals("LEADERS"))
            {
                args.add(LEADERS);
            }
        }
        args.addAll(List.of("-cp", CP, "io.colompi.examples.programs.CollectiveStorm", Long.toString(seed),
            Integer.toString(STEPS)));
        final Launch storm = Launch.run("colorun", args.toArray(new String[0]));
        final String reproduce = "reproduce: bin/colorun " + String.join(" ", args) + "\n";
        assertEquals(0, storm.exitCode, reproduce + storm);
        assertTrue(storm.stdout.contains("STORM OK steps=" + STEPS + " np=" + np), reproduce + storm);
        assertTrue(!storm.stdout.contains("STORM FAIL"), reproduce + storm);
    }
}
