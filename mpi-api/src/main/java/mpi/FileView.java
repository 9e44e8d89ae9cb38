package mpi;

/** A file's view as {@link File#setView} set it: a displacement in bytes, an etype, a filetype, a representation. */
public final class FileView
{
    private final long disp;
    private final Datatype etype;
    private final Datatype filetype;
    private final String datarep;

    public FileView(final long disp, final Datatype etype, final Datatype filetype, final String datarep)
    {
        this.disp = disp;
        this.etype = etype;
        this.filetype = filetype;
        this.datarep = datarep;
    }

    public long getDisp()
    {
        return disp;
    }

    public Datatype getEType()
    {
        return etype;
    }

    public Datatype getFileType()
    {
        return filetype;
    }

    public String getDataRep()
    {
        return datarep;
    }
}
