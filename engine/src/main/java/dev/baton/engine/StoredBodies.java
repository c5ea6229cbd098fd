package dev.baton.engine;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.CompactDecisionBodies;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bodies of a batch's records as the journal stores them ({@code JournalRecordLayout}): as they are,
 * packed, or packed against the record before them in the batch ({@code FLAG_DELTA}), and DECISION bodies
 * in their compact form ({@code FLAG_COMPACT}). Checks how each
 * record is stored while its batch is read, and gives each body back, in order, once the batch verifies.
 * <p>
 * <b>Note:</b> not thread-safe; allocates nothing (only a problem's description does). Holds three bodies of
 * at most {@code MAX_BODY_LENGTH} bytes: the one stored last is the next delta's base; the third is an expanded one.
 */
final class StoredBodies {
    private final UnsafeBuffer[] bodies = {new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]),
        new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH])};
    private int turn;
    /** Wraps exactly the body stored last (before any expansion): the base of a delta after it in its batch. */
    private final UnsafeBuffer base = new UnsafeBuffer(0, 0);
    /** Where a compact DECISION body is expanded (its stored form stays the next delta's base). */
    private final UnsafeBuffer expanded = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
    private final ErrorDetail detail = new ErrorDetail();
    private UnsafeBuffer body;
    private int offset;
    private int length;

    /**
     * @param decoder       wrapping a record whose CRC verified.
     * @param firstOfBatch  whether it is the first record of its batch (a delta cannot be).
     * @return null if its body is stored as the layout allows, or what is wrong (allocates).
     */
    String problem(final JournalRecordDecoder decoder, final boolean firstOfBatch) {
        final int flags = decoder.flags();
        if (flags != 0 && decoder.recordType() == RecordType.SEAL) {
            return "a SEAL stored packed (flags " + flags + ")";
        }
        if ((flags & JournalRecordLayout.FLAG_DELTA) != 0 && firstOfBatch) {
            return "packed against the record before it, but it is the first record of its batch";
        }
        if ((flags & JournalRecordLayout.FLAG_PACKED) != 0 && unpack(decoder, null) < 0) { // checks, writes nothing
            return "its packed body does not unpack to a body of at most " + JournalRecordLayout.MAX_BODY_LENGTH
                + " bytes";
        }
        return null;
    }

    /**
     * Gives the body of a record {@link #problem} passed, the records before it in its batch given back first
     * ({@link #body()}, {@link #offset()}, {@link #length()}: valid until the next call); a compact DECISION
     * body ({@code FLAG_COMPACT}) is given expanded.
     *
     * @param decoder wrapping the record.
     * @return false if it is a compact DECISION body that does not expand ({@link #expandProblem()}).
     */
    boolean open(final JournalRecordDecoder decoder) {
        final int flags = decoder.flags();
        if ((flags & JournalRecordLayout.FLAG_PACKED) == 0) {
            body = (UnsafeBuffer)decoder.buffer();
            offset = decoder.bodyOffset();
            length = decoder.bodyLength();
        } else {
            turn ^= 1; // the other buffer still holds the base
            body = bodies[turn];
            offset = 0;
            length = unpack(decoder, body);
            if ((flags & JournalRecordLayout.FLAG_DELTA) != 0) {
                BodyPacker.xorBase(body, 0, length, base);
            }
        }
        base.wrap(body, offset, length);
        if ((flags & JournalRecordLayout.FLAG_COMPACT) != 0) {
            final int full = CompactDecisionBodies.expand(body, offset, length, expanded, 0, detail);
            if (full < 0) {
                return false;
            }
            body = expanded;
            offset = 0;
            length = full;
        }
        return true;
    }

    /** @return why the last {@link #open} failed: a compact DECISION body that does not expand (allocates). */
    String expandProblem() {
        return "its compact DECISION body does not expand: " + detail.message();
    }

    /** @return the buffer holding the body {@link #open} gave. */
    UnsafeBuffer body() {
        return body;
    }

    /** @return where the body starts in {@link #body()}. */
    int offset() {
        return offset;
    }

    /** @return the body's length. */
    int length() {
        return length;
    }

    private static int unpack(final JournalRecordDecoder decoder, final UnsafeBuffer into) {
        return BodyPacker.unpack(decoder.buffer(), decoder.bodyOffset(), decoder.bodyLength(), into, 0,
            JournalRecordLayout.MAX_BODY_LENGTH);
    }
}
