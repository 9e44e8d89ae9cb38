package io.colompi.testprograms;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.colompi.core.pt2pt.Engine;

import java.lang.management.ManagementFactory;

/** Prints {@code rank R TieredStopAtLevel=L}: the highest tier its JVM compiles at. */
public final class CompilerRank
{
    private CompilerRank()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final String level = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("TieredStopAtLevel").getValue();
        final boolean runtimeOffC2 = ManagementFactory.getRuntimeMXBean().getInputArguments()
            .contains("-XX:CompileCommand=MaxNodeLimit,io/colompi/core/*.*,1");
        System.out.println("rank " + engine.worldRank() + " TieredStopAtLevel=" + level + (runtimeOffC2 ? " runtime C1" : ""));
    }
}
