package dev.baton.engine;

import dev.baton.codec.SealBodyLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where a journal reader can start instead of at record 0: just after a verified SEAL, named by its
 * sequence, its Chronicle Queue index (where its document lies) and the chain head it closed. A reader
 * ({@link JournalReader#JournalReader(java.nio.file.Path, JournalTrust, JournalCursor)}, which starts at
 * {@link JournalStart#after(JournalCursor)} as a snapshot's recovery does) moves straight to that
 * document, checks that it is a SEAL with that sequence and head (a cursor from another journal, or a
 * rewritten one, is refused), and verifies on from there, the chain continuing from the head. The
 * records before the cursor are not read again: the cursor vouches for them, so take it only from a
 * reader that verified them ({@link JournalReader#cursor()}) or from storage as trusted as the journal's
 * own (a snapshot, a signed checkpoint).
 *
 * <pre>
 *   bytes() = 48 bytes, little-endian:  sealSequence (i64) | chronicleIndex (i64) | head (32 bytes)
 * </pre>
 * <p>
 * <b>Note:</b> immutable, thread-safe. Allocates on construction and in {@link #bytes()} and {@link #head()}.
 */
public final class JournalCursor {
    /** Bytes of {@link #bytes()}. */
    public static final int LENGTH = 16 + SealBodyLayout.HEAD_LENGTH;

    private final long sealSequence;
    private final long chronicleIndex;
    private final byte[] head;

    /**
     * @param sealSequence   the SEAL's sequence (0 or more).
     * @param chronicleIndex the Chronicle Queue index of its document.
     * @param head           the chain head it closed (32 bytes, copied).
     * @throws IllegalArgumentException if the sequence is negative or the head is not 32 bytes.
     */
    public JournalCursor(final long sealSequence, final long chronicleIndex, final byte[] head) {
        if (sealSequence < 0) {
            throw new IllegalArgumentException("a SEAL's sequence is 0 or more, found " + sealSequence);
        }
        if (head.length != SealBodyLayout.HEAD_LENGTH) {
            throw new IllegalArgumentException("a chain head has " + SealBodyLayout.HEAD_LENGTH + " bytes, found "
                + head.length);
        }
        this.sealSequence = sealSequence;
        this.chronicleIndex = chronicleIndex;
        this.head = head.clone();
    }

    /**
     * @param bytes what {@link #bytes()} wrote.
     * @return the cursor.
     * @throws IllegalArgumentException if it is not {@link #LENGTH} bytes or names a negative sequence.
     */
    public static JournalCursor of(final byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a journal cursor has " + LENGTH + " bytes, found " + bytes.length);
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new JournalCursor(b.getLong(0), b.getLong(8), Arrays.copyOfRange(bytes, 16, LENGTH));
    }

    /** @return the cursor as {@link #LENGTH} bytes (for a snapshot or an offset store). */
    public byte[] bytes() {
        final ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(sealSequence).putLong(chronicleIndex).put(head);
        return b.array();
    }

    /** @return the SEAL's sequence. */
    public long sealSequence() {
        return sealSequence;
    }

    /** @return the sequence of the first record a reader starting here hands over. */
    public long nextSequence() {
        return sealSequence + 1;
    }

    /** @return the Chronicle Queue index of the SEAL's document. */
    public long chronicleIndex() {
        return chronicleIndex;
    }

    /** @return the chain head the SEAL closed, copied. */
    public byte[] head() {
        return head.clone();
    }

    @Override
    public String toString() {
        return "JournalCursor[seal " + sealSequence + ", index " + Long.toHexString(chronicleIndex) + "]";
    }
}
