package io.colompi.colo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapOptionsTest
{
    @Test
    void theYoungGenerationGrowsWithTheRanksOfTheJvm()
    {
        assertEquals(List.of("-XX:MaxNewSize=32m"), HeapOptions.forJvm(1, List.of()));
        assertEquals(List.of("-XX:MaxNewSize=512m"), HeapOptions.forJvm(16, List.of("-Xmx4g", "-Dcolompi.wait=spin")));
    }

    @Test
    void aUserWhoSizesTheYoungGenerationGetsTheirs()
    {
        for (final String option : List.of("-Xmn100m", "-XX:NewSize=64m", "-XX:MaxNewSize=1g", "-XX:NewRatio=3"))
        {
            assertEquals(List.of(), HeapOptions.forJvm(2, List.of("-Xmx2g", option)), option);
        }
    }
}
