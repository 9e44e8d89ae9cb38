package io.colompi.examples;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomized storm of topologies ({@code programs.TopologyStorm}): Cartesian grids of both APIs (shifts, halo
 * exchanges, sub-grids), graphs and distributed graphs (repeated edges, self-loops, weights), the neighbourhood
 * collectives on all of them, blocking and nonblocking, and intercommunicators between random halves of the world
 * (point-to-point, their collectives, merges), at np 2 to 7 in every placement. Each run checks every buffer of every
 * step and prints {@code TOPOLOGY STORM OK} at the end (its first runs found that an intercommunicator's root group
 * could not pass empty buffers to gather, reduce and scatter). A failure names its seed, step and rank:
 * {@code -Dstorm.seed=S} (and {@code -Dstorm.steps=N}) replace the fixed seeds, or run {@code bin/colorun -np P
 * PLACEMENT -cp examples/target/classes:examples/target/test-classes io.colompi.examples.programs.TopologyStorm S N}
 * ({@code -J-Dstorm.trace=true} lists the steps).
 */
@Timeout(60)
class TopologyStormTest
{
    private static final String CP = Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes");
    private static final int STEPS = Integer.getInteger("storm.steps", 120);
    private static final String SEED = System.getProperty("storm.seed", "");

    @ParameterizedTest(name = "np {0} {1} seed {2}")
    @CsvSource({
        "2, '',                    201",
        "4, '',                    202",
        "5, --ranks-per-jvm 2,     203",
        "3, --ranks-per-jvm 1,     204",
        "6, --virtual-nodes 2,     205",
        "7, --ranks-per-jvm 2,     206",
    })
    void everyTopologyAndIntercommunicatorMovesWhatItShould(final int np, final String placement,
        final long fixedSeed) throws Exception
    {
        final String seed = SEED.isEmpty() ? Long.toString(fixedSeed) : SEED;
        final List<String> args = new ArrayList<>(List.of("-np", Integer.toString(np)));
        if (!placement.isBlank())
        {
            args.addAll(List.of(placement.trim().split("\\s+")));
        }
        args.addAll(List.of("-cp", CP, "io.colompi.examples.programs.TopologyStorm", seed, Integer.toString(STEPS)));
        final Launch storm = Launch.run("colorun", args.toArray(new String[0]));
        final String reproduce = "reproduce: bin/colorun " + String.join(" ", args) + "\n";
        assertEquals(0, storm.exitCode, reproduce + storm);
        assertTrue(storm.stdout.contains("TOPOLOGY STORM OK seed=" + seed + " steps=" + STEPS + " np=" + np),
            reproduce + storm);
        assertTrue(!storm.stdout.contains("STORM FAIL"), reproduce + storm);
    }
}
