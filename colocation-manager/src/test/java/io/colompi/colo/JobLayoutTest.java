package io.colompi.colo;

import io.colompi.core.job.Placement;
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
            assertEquals(0, layout.nodeOfJvm(jvm), "one node");
        }
    }

    @Test
    void aNodesRanksAreThoseOfAllItsJvms()
    {
        final JobLayout layout = JobLayout.virtualNodes(7, 2, 2);

        assertEquals(4, layout.ranksOnNode(0));
        assertEquals(3, layout.ranksOnNode(1));
        assertEquals(0, layout.ranksOnNode(2));
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
    void hostsFillTheirSlotsInOrderWithKRanksPerJvmAndJvmIdsUniqueAcrossNodes()
    {
        // 12 ranks, K = 2, three hosts of 4 slots: 2 JVMs per host.
        final JobLayout layout = JobLayout.onHosts(12, new int[]{ 4, 4, 4 }, 2);

        assertEquals(6, layout.jvmCount());
        assertEquals("0,0,1,1,2,2,3,3,4,4,5,5;0,0,1,1,2,2", layout.encode());
        final Placement placement = layout.placement();
        assertEquals(2, placement.nodeOf(11));
        assertEquals(5, placement.jvmOf(11));
        assertTrue(placement.sameJvm(4, 5));
        assertTrue(placement.sameNode(4, 7));
        assertFalse(placement.sameJvm(5, 6));
        assertFalse(placement.sameNode(3, 4));
    }

    @Test
    void aHostsLastJvmTakesTheRestAndHostsBeyondNpGetNothing()
    {
        // Slots 3 and 5, K = 2: host 0 has ranks 0-2 (JVMs {0,1}, {2}), host 1 ranks 3-6; host 2 gets none.
        final JobLayout layout = JobLayout.onHosts(7, new int[]{ 3, 5, 2 }, 2);

        assertEquals("0,0,1,2,2,3,3;0,0,1,1", layout.encode());
        assertEquals("0,0,1;0,0", JobLayout.onHosts(3, new int[]{ 4, 4 }, 2).encode());
    }

    @Test
    void beyondTheTotalSlotsRanksGoRoundTheHostsOneAtATimeAndAHostsRanksStayConsecutive()
    {
        // Slots 2 + 1 = 3 < 7: the 4 extra ranks go to hosts 0, 1, 0, 1; so host 0 has 4 ranks, host 1 has 3.
        final JobLayout layout = JobLayout.onHosts(7, new int[]{ 2, 1 }, 3);

        assertEquals("0,0,0,1,2,2,2;0,0,1", layout.encode());
        assertEquals("0-2", layout.describeRanks(0));
        assertEquals("4-6", layout.describeRanks(2));
        // One slot per host (an MPJ Express machines file), one JVM per host: blocks, not round robin.
        assertEquals("0,0,0,1,1,1;0,1", JobLayout.onHosts(6, new int[]{ 1, 1 }, 6).encode());
    }

    @Test
    void virtualNodesAreContiguousBlocksTheFirstOnesLarger()
    {
        // 12 ranks, 3 pretend nodes, K = 2: each rank has 1 peer in its JVM, 2 in the node's other JVM, 8 elsewhere.
        final JobLayout twelve = JobLayout.virtualNodes(12, 3, 2);
        assertEquals("0,0,1,1,2,2,3,3,4,4,5,5;0,0,1,1,2,2", twelve.encode());

        final JobLayout ten = JobLayout.virtualNodes(10, 3, 3);
        assertEquals("0,0,0,1,2,2,2,3,3,3;0,0,1,2", ten.encode());
        assertEquals(0, ten.placement().nodeOf(3));
        assertEquals(1, ten.placement().nodeOf(4));
        assertEquals(2, ten.placement().nodeOf(9));

        assertEquals(JobLayout.blocks(5, 2), JobLayout.virtualNodes(5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> JobLayout.virtualNodes(2, 3, 1), "more nodes than ranks");
        assertThrows(IllegalArgumentException.class, () -> JobLayout.virtualNodes(2, 0, 1));
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
