package io.colompi.colo;

import io.colompi.core.transport.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(5)
class JobLayoutTest
{
    @Test
    void blocksOfKRanksFillCeilNOverKJvmsTheLastOneWithTheRest()
    {
        final JobLayout layout = JobLayout.blocks(5, 2);

        assertEquals(5, layout.np());
        assertEquals(3, layout.jvmCount());
        assertArrayEquals(new int[]{ 0, 1 }, layout.ranksOf(0));
        assertArrayEquals(new int[]{ 2, 3 }, layout.ranksOf(1));
        assertArrayEquals(new int[]{ 4 }, layout.ranksOf(2));
        assertEquals(1, layout.jvmOf(3));
        for (int jvm = 0; jvm < 3; jvm++)
        {
            assertEquals(0, layout.nodeOfJvm(jvm), "one node for now");
        }
    }

    @Test
    void oneRankPerJvmAndAllInOneJvmAreTheTwoEnds()
    {
        final JobLayout perRank = JobLayout.blocks(4, 1);
        assertEquals(4, perRank.jvmCount());
        assertArrayEquals(new int[]{ 3 }, perRank.ranksOf(3));

        final JobLayout together = JobLayout.blocks(4, 4);
        assertEquals(1, together.jvmCount());
        assertArrayEquals(new int[]{ 0, 1, 2, 3 }, together.ranksOf(0));
        assertEquals(1, JobLayout.blocks(4, 9).jvmCount());
    }

    @Test
    void thePlacementGivesTheEngineEachRanksJvmAndNode()
    {
        final Placement placement = JobLayout.blocks(4, 2).placement();

        assertEquals(4, placement.size());
        assertTrue(placement.sameJvm(0, 1));
        assertFalse(placement.sameJvm(1, 2));
        assertTrue(placement.sameNode(0, 3));
        assertEquals(1, placement.jvmOf(3));
    }

    @Test
    void theEncodingTravelsThroughTheEnvironmentUnchanged()
    {
        final JobLayout layout = new JobLayout(new int[]{ 0, 1, 0, 2, 1 }, new int[]{ 0, 0, 1 });

        assertEquals("0,1,0,2,1;0,0,1", layout.encode());
        assertEquals(layout, JobLayout.decode(layout.encode()));
        assertArrayEquals(new int[]{ 0, 2 }, layout.ranksOf(0));
        assertEquals(1, layout.placement().nodeOf(3));
        assertEquals(JobLayout.blocks(3, 1), JobLayout.decode("0,1,2;0,0,0"));
    }

    @Test
    void ranksAreDescribedAsRanges()
    {
        assertEquals("2-3", JobLayout.blocks(4, 2).describeRanks(1));
        assertEquals("4", JobLayout.blocks(5, 2).describeRanks(2));
        assertEquals("0,2,4-6", new JobLayout(new int[]{ 0, 1, 0, 1, 0, 0, 0 }, new int[]{ 0, 0 }).describeRanks(0));
    }

    @Test
    void impossibleLayoutsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> JobLayout.blocks(0, 1));
        assertThrows(IllegalArgumentException.class, () -> JobLayout.blocks(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new JobLayout(new int[]{ 0, 2 }, new int[]{ 0, 0 }), "JVM 2 of 2");
        assertThrows(IllegalArgumentException.class, () -> new JobLayout(new int[]{ 0, 0 }, new int[]{ 0, 0 }), "JVM 1 empty");
        assertThrows(IllegalArgumentException.class, () -> JobLayout.decode("0,1"));
        assertThrows(IllegalArgumentException.class, () -> JobLayout.decode("0,x;0"));
    }
}
