package io.colompi.core.job;

import io.colompi.core.wait.WaitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's settings: defaults, every kind of property, and one clear error naming a bad one. */
@Timeout(30)
class RuntimeSettingsTest
{
    private static RuntimeSettings from(final String... nameValue)
    {
        final Properties properties = new Properties();
        for (int i = 0; i < nameValue.length; i += 2)
        {
            properties.setProperty(nameValue[i], nameValue[i + 1]);
        }
        return RuntimeSettings.from(properties);
    }

    @Test
    void noPropertiesAreTheDefaults()
    {
        final RuntimeSettings s = from();
        assertEquals(WaitPolicy.BACKOFF, s.waitPolicy());
        assertEquals(16384, s.eagerLimit());
        assertNull(s.traceDirectory());
        assertNull(s.objectFilter());
        assertEquals(CollectiveTuning.DEFAULTS, s.collectives());
        assertTrue(s.checkCounts());
        assertFalse(s.reproducible());
        assertEquals(4 << 20, s.shmRingBytes());
        assertEquals(256 << 10, s.localInboxBytes());
        assertEquals(48 << 20, s.aeron().termBudget());
        assertNull(s.aeron().directory());
        assertEquals(RuntimeSettings.defaults().eagerLimit(), s.eagerLimit());
    }

    @Test
    void propertiesOverrideEachKindOfValue()
    {
        final RuntimeSettings s = from(
            "colompi.wait", "spin",
            "colompi.eagerLimit", "64k",
            "colompi.trace.dir", "/tmp/tr",
            "colompi.object.filter", "java.awt.Point",
            "colompi.coll.allreduce.shortBytes", "4096",
            "colompi.coll.hierarchical", "false",
            "colompi.coll.reproducible", "true",
            "colompi.shm.ringBytes", "8m",
            "colompi.local.inboxBytes", "64k",
            "colompi.aeron.lingerMs", "500",
            "colompi.aeron.connectAtInit", "0");
        assertSame(WaitPolicy.SPIN, s.waitPolicy());
        assertEquals(65536, s.eagerLimit());
        assertEquals(Path.of("/tmp/tr"), s.traceDirectory());
        assertEquals("java.awt.Point", s.objectFilter());
        assertEquals(4096, s.collectives().allreduceShortBytes());
        assertFalse(s.collectives().hierarchical());
        assertEquals(CollectiveTuning.DEFAULTS.bcastMinProcs(), s.collectives().bcastMinProcs());
        assertTrue(s.reproducible());
        assertEquals(8 << 20, s.shmRingBytes());
        assertEquals(64 << 10, s.localInboxBytes());
        assertEquals(500, s.aeron().lingerMs());
        assertEquals(0, s.aeron().connectAtInit());
    }

    @Test
    void settingTheSpinsFixesThemWhereverRanksOutnumberCores()
    {
        final WaitPolicy set = from("colompi.wait.spins", "300", "colompi.wait.yields", "5").waitPolicy();
        assertEquals(300, set.spins());
        assertEquals(5, set.yields());
        assertEquals(300, set.forNode(8, 8, 2).spins());
        assertEquals(5, set.forNode(8, 1, 2).yields());
        assertEquals(WaitPolicy.OVERSUBSCRIBED_SPINS, from().waitPolicy().forNode(8, 8, 2).spins());
    }

    private static final JobControl NEVER_ENDS = new JobControl()
    {
        @Override
        public void abort(final int rank, final int code, final Throwable cause)
        {
        }

        @Override
        public String abortReason()
        {
            return null;
        }
    };

    @Test
    void aNodesCpusAreWhatItsRanksAreCountedAgainst()
    {
        assertEquals(Runtime.getRuntime().availableProcessors(), from().nodeCpus());
        final RuntimeSettings shared = from("colompi.node.cpus", "1");
        assertEquals(1, shared.nodeCpus());
        final Placement twoNodes = new Placement(new int[]{ 0, 0, 1, 1 }, new int[]{ 0, 0, 1, 1 });
        final JobContext job = new JobContext(twoNodes, NEVER_ENDS, shared, JobWiring.singleJvm());
        assertEquals(WaitPolicy.OVERSUBSCRIBED_SPINS, job.waitPolicy().spins(), "2 ranks on a node of 1 CPU");
        final JobContext alone = new JobContext(new Placement(new int[]{ 0, 1 }, new int[]{ 0, 1 }),
            NEVER_ENDS, shared, JobWiring.singleJvm());
        assertEquals(WaitPolicy.BACKOFF.spins(), alone.waitPolicy().spins(), "1 rank on a node of 1 CPU");
        assertEquals(WaitPolicy.BACKOFF.yields(), job.waitPolicy().yields(), "2 ranks in this JVM");
        final JobContext jvmPerRank = new JobContext(new Placement(new int[]{ 0, 0 }, new int[]{ 0, 1 }),
            NEVER_ENDS, shared, JobWiring.singleJvm());
        assertEquals(WaitPolicy.OVERSUBSCRIBED_ALONE_YIELDS, jvmPerRank.waitPolicy().yields(),
            "a rank alone in its JVM, its node oversubscribed, waits for other JVMs: it yields longer before it parks");
    }

    @Test
    void aBadValueIsOneErrorNamingThePropertyAndWhatItTakes()
    {
        assertBad("colompi.node.cpus", "-2", "at least 0");
        assertBad("colompi.eagerLimit", "lots", "a size in bytes");
        assertBad("colompi.eagerLimit", "-1", "at least 0");
        assertBad("colompi.shm.ringBytes", "4g", "at most");
        assertBad("colompi.local.inboxBytes", "1k", "at least 4096");
        assertBad("colompi.local.inboxBytes", "6000", "a power of two");
        assertBad("colompi.wait", "sleep", "one of backoff, spin");
        assertBad("colompi.coll.checkCounts", "yes", "one of true, false");
        assertBad("colompi.wait.maxParkNs", "10", "at least 1000");
        assertBad("colompi.coll.bcast.minProcs", "1.5", "an integer");
        assertBad("colompi.object.filter", "maxdepth=x", "a JEP 290 filter pattern");
    }

    private static void assertBad(final String name, final String value, final String expected)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(name, value));
        assertTrue(e.getMessage().startsWith("system property " + name + " must be "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("not '" + value + "'"), e.getMessage());
    }

    @Test
    void aBuilderChangesOneSettingAndKeepsTheOthers()
    {
        final RuntimeSettings base = from("colompi.coll.reproducible", "true");
        final RuntimeSettings changed = base.toBuilder().eagerLimit(1024).build();
        assertEquals(1024, changed.eagerLimit());
        assertTrue(changed.reproducible());
        assertThrows(IllegalArgumentException.class, () -> base.toBuilder().eagerLimit(-5));
        assertThrows(IllegalArgumentException.class, () -> base.toBuilder().localInboxBytes(3 << 12));
    }
}
