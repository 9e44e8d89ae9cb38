package io.colompi.testprograms;

/** Every rank prints {@code ready}, then sleeps outside MPI (60 s): only the end of the job ends it in time. */
public final class ReadyThenSleep
{
    private ReadyThenSleep()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        System.out.println("ready");
        Thread.sleep(60_000);
    }
}
