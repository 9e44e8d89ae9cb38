package io.colompi.colo;

import java.util.List;

/**
 * How large a rank host's young generation may grow: {@link #YOUNG_MIB_PER_RANK} MiB for each rank the JVM hosts.
 * <p>
 * A program's loop that allocates (a nonblocking halo's requests and statuses, about 1.1 KB an iteration) fills the
 * young generation, and G1 grows it toward 60 % of the heap, 230 MB of a default 388 MB one, while pauses stay short.
 * Every page of it is then touched for the first time inside the loop, and a first touch is dear in a virtual machine
 * whose host backs guest memory on demand: 11 us a 4 KiB page here (bench/RESULTS.md), 3 us an iteration of a
 * nonblocking halo for its first 135 000 iterations. A bounded young generation is filled again and again, its pages
 * warm after the first collection; collections come more often and cost about a millisecond each for a program whose
 * live data lives in arrays (the old generation). A user's {@code -J} option that sizes the young generation
 * replaces this one.
 */
final class HeapOptions
{
    /** Young generation per rank of the JVM (MiB): a 2-rank nonblocking halo collects every 14 000 iterations. */
    static final int YOUNG_MIB_PER_RANK = 32;

    /** Options that size the young generation themselves; with any of them the JVM is left to the user's. */
    private static final List<String> USER_YOUNG_SIZE = List.of("-Xmn", "-XX:NewSize=", "-XX:MaxNewSize=", "-XX:NewRatio=");

    private HeapOptions()
    {
    }

    /** The heap options of a rank host of {@code ranksInJvm} ranks whose user gave {@code userOptions}. */
    static List<String> forJvm(final int ranksInJvm, final List<String> userOptions)
    {
        final boolean userSizesYoung =
            userOptions.stream().anyMatch(option -> USER_YOUNG_SIZE.stream().anyMatch(option::startsWith));
        return userSizesYoung ? List.of() : List.of("-XX:MaxNewSize=" + (long)YOUNG_MIB_PER_RANK * ranksInJvm + "m");
    }
}
