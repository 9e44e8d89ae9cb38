package io.colompi.testprograms;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.colompi.core.pt2pt.Engine;

import java.lang.management.ManagementFactory;

/**
 * Prints {@code rank R TieredStopAtLevel=L CompileThresholdScaling=S}: the highest tier its JVM compiles at and how
 * soon.
 */
public final class CompilerRank
{
    private CompilerRank()
    {
    }

    public static void main(final String[] args)
    {
        final Engine engine = MyRank.engine();
        final HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        final String level = hotSpot.getVMOption("TieredStopAtLevel").getValue();
        final String scaling = hotSpot.getVMOption("CompileThresholdScaling").getValue();
        final boolean runtimeOffC2 = ManagementFactory.getRuntimeMXBean().getInputArguments()
            .contains("-XX:CompileCommand=MaxNodeLimit,io/colompi/core/*.*,1");
        System.out.println("rank " + engine.worldRank() + " TieredStopAtLevel=" + level + " CompileThresholdScaling=" +
            scaling + (runtimeOffC2 ? " runtime C1" : ""));
    }
}
