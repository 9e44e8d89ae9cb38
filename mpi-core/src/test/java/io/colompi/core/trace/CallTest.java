package io.colompi.core.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the facade's call names map onto journal codes, for both APIs. */
class CallTest
{
    @Test
    void bothApisNamesOfACollectiveAreOneCall()
    {
        assertEquals(Call.ALLREDUCE, Call.named("Intracomm.Allreduce"));
        assertEquals(Call.ALLREDUCE, Call.named("Comm.allReduce"));
        assertEquals(Call.EXSCAN, Call.named("Intracomm.exScan"));
        assertEquals(Call.NEIGHBOR_ALLTOALLV, Call.named("Comm.neighborAllToAllv"));
    }

    @Test
    void nonblockingCollectivesOfEitherApiAreOneKindAndOtherNamesAreOther()
    {
        assertEquals(Call.ICOLLECTIVE, Call.named("Intracomm.Iallreduce"));
        assertEquals(Call.ICOLLECTIVE, Call.named("Comm.iAllReduce"));
        assertEquals(Call.ICOLLECTIVE, Call.named("Comm.iNeighborAllGather"));
        assertEquals(Call.OTHER, Call.named("Comm.reduceLocal"));
        assertEquals(Call.OTHER, Call.named("Comm.info"));
    }

    @Test
    void portsAndTheNameServiceAreCallsOfTheirOwn()
    {
        assertEquals(Call.OPEN_PORT, Call.named("Intracomm.openPort"));
        assertEquals(Call.LOOKUP_NAME, Call.named("Intracomm.lookupName"));
        assertEquals(Call.PUBLISH_NAME, Call.named("Intracomm.publishName"));
    }

    @Test
    void journalCodesOfEarlierVersionsKeepTheirMeaning()
    {
        assertEquals(Call.TEST_RECV, Call.ofCode(34));
        assertEquals(Call.NEIGHBOR_ALLGATHER, Call.ofCode(35));
        assertEquals(Call.COMM_CONNECT, Call.ofCode(68));
        assertEquals(Call.OTHER, Call.ofCode(1_000));
    }
}
