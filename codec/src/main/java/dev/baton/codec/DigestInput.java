package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.security.MessageDigest;

/** Feeds a region of an Agrona buffer to a {@link MessageDigest} without allocating. */
final class DigestInput {
    private DigestInput() {
    }

    /**
     * Heap buffers are fed straight from their array; off-heap buffers through {@code scratch} in
     * chunks, because {@code MessageDigest.update(ByteBuffer)} on a direct buffer may allocate.
     */
    static void update(
        final MessageDigest digest,
        final DirectBuffer buffer,
        final int index,
        final int length,
        final byte[] scratch) {
        final byte[] array = buffer.byteArray();
        if (null != array) {
            digest.update(array, buffer.wrapAdjustment() + index, length);
            return;
        }
        int done = 0;
        while (done < length) {
            final int chunk = Math.min(scratch.length, length - done);
            buffer.getBytes(index + done, scratch, 0, chunk);
            digest.update(scratch, 0, chunk);
            done += chunk;
        }
    }
}
