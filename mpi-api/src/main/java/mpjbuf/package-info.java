/**
 * The small part of MPJ Express' buffer package that MPJ Express programs use with {@code Comm.Pack},
 * {@code Comm.Unpack} and {@code MPI.PACKED} sends: a {@link mpjbuf.Buffer} over a byte region of a
 * {@link mpjbuf.RawBuffer} made by {@link mpjbuf.BufferFactory}. MPJ Express' section headers and typed reads and
 * writes (its device layer's internals) are not here.
 */
package mpjbuf;
