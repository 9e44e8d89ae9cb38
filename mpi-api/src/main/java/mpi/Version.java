package mpi;

/** A version of the MPI standard ({@link MPI#getVersion}). */
public final class Version
{
    private final int version;
    private final int subVersion;

    Version(final int version, final int subVersion)
    {
        this.version = version;
        this.subVersion = subVersion;
    }

    public int getVersion()
    {
        return version;
    }

    public int getSubVersion()
    {
        return subVersion;
    }

    @Override
    public String toString()
    {
        return version + "." + subVersion;
    }
}
