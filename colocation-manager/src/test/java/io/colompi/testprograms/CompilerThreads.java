package io.colompi.testprograms;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.colompi.core.pt2pt.Engine;

import java.lang.management.ManagementFactory;

/** Prints {@code rank R CICompilerCount=N}: how many compiler threads its JVM runs. */
public final class CompilerThreads
{
    private CompilerThreads()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final String count = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("CICompilerCount").getValue();
        System.out.println("rank " + engine.worldRank() + " CICompilerCount=" + count);
    }
}
