package io.colompi.core.type;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * {@code MPI.OBJECT} messages: elements are serialized by the sender and deserialized by the receiver, so the
 * receiver always gets copies, and classes resolve through the receiving rank's class loader (colocated ranks
 * each have their own copy of the program's classes).
 */
public final class ObjectCodec
{
    private ObjectCodec()
    {
    }

    /** Serialize the {@code count * type.size()} elements of the layout, in type-map order. */
    public static byte[] serialize(final Object[] src, final int offset, final TypeMap type, final int count)
    {
        final int elements = count * type.size();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + elements * 16);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            final Transfer.Cursor cursor = new Transfer.Cursor().at(type, offset);
            for (int i = 0; i < elements; i++)
            {
                out.writeObject(src[cursor.index()]);
                cursor.advance(1);
            }
        }
        catch (final IOException ex)
        {
            throw new MpiError(ErrorClass.TYPE, "cannot serialize an MPI.OBJECT element: " + ex, ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Deserialize {@code elements} objects into the layout of {@code type} in {@code dst}, resolving classes through
     * the receiving rank's {@code loader}; what its job's {@code filter} refuses is an {@link ErrorClass#TYPE} error.
     */
    public static void deserialize(
        final byte[] data, final int length, final int elements,
        final Object[] dst, final int offset, final TypeMap type, final ClassLoader loader, final ObjectFilter filter)
    {
        final ObjectFilter.Check check = filter.forProgram(loader);
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data, 0, length), loader))
        {
            in.setObjectInputFilter(check);
            final Transfer.Cursor cursor = new Transfer.Cursor().at(type, offset);
            for (int i = 0; i < elements; i++)
            {
                dst[cursor.index()] = in.readObject();
                cursor.advance(1);
            }
        }
        catch (final IOException | ClassNotFoundException ex)
        {
            if (check.refused() != null)
            {
                throw new MpiError(ErrorClass.TYPE, "an MPI.OBJECT element was refused: " + check.refused() +
                    " is not allowed to be deserialized here (" + ObjectFilter.PROPERTY + " widens what is)", ex);
            }
            throw new MpiError(ErrorClass.TYPE, "cannot deserialize an MPI.OBJECT element: " + ex, ex);
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream
    {
        private final ClassLoader loader;

        LoaderObjectInputStream(final InputStream in, final ClassLoader loader) throws IOException
        {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(final ObjectStreamClass desc) throws IOException, ClassNotFoundException
        {
            try
            {
                return Class.forName(desc.getName(), false, loader);
            }
            catch (final ClassNotFoundException ex)
            {
                return super.resolveClass(desc);
            }
        }
    }
}
