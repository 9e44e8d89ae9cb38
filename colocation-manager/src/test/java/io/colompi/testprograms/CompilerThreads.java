package io.colompi.testprograms;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.colompi.core.pt2pt.Engine;

import java.lang.management.ManagementFactory;

/**
 * Prints {@code rank R CICompilerCount=N runtime=S}: how many compiler threads its JVM runs, and the scaling of the
 * counts after which its runtime's methods are compiled (S, or {@code jdk} where the launcher gave none).
 */
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
        final String scaled = "-XX:CompileCommand=CompileThresholdScaling,io/colompi/core/*.*,";
        final String runtime = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(option -> option.startsWith(scaled)).map(option -> option.substring(scaled.length()))
            .reduce((first, last) -> last).orElse("jdk");
        System.out.println("rank " + engine.worldRank() + " CICompilerCount=" + count + " runtime=" + runtime);
    }
}
