package io.colompi.colo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JitOptionsTest
{
    @Test
    void aNodeWithACpuPerRankCompilesWithC2AndOneWithMoreRanksWithC1Alone()
    {
        assertEquals(List.of("-XX:FreqInlineSize=100"), JitOptions.forNode(2, 2));
        assertEquals(List.of("-XX:FreqInlineSize=100"), JitOptions.forNode(1, 16));
        assertEquals(List.of("-XX:FreqInlineSize=100", "-XX:TieredStopAtLevel=1"), JitOptions.forNode(3, 2));
    }
}
