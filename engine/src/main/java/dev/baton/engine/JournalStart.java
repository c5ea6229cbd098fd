package dev.baton.engine;

import dev.baton.codec.SealBodyLayout;

import java.util.Arrays;

/**
 * Where a {@link JournalReader} starts: at record 0 ({@link #beginning()}); after a SEAL whose head a
 * verified snapshot vouches for ({@link #atSeal}: the engine's bounded recovery) or a reader that verified
 * it ({@link #after(JournalCursor)}: a follower resuming), or in what remains of a journal whose head was
 * archived ({@link #remaining()}: an audit from a checkpoint). Both starts after a SEAL take one path: the
 * reader moves to the SEAL's Chronicle index, checks its sequence and head, and continues the chain there.
 * <p>
 * <b>Note:</b> immutable; thread-safe.
 */
public final class JournalStart {
    private static final JournalStart BEGINNING = new JournalStart(-1, null, null, -1, -1, false);
    private static final JournalStart REMAINING = new JournalStart(-1, null, null, -1, -1, true);

    /** What a SEAL found elsewhere than vouched for reads as: NOT_AT_SNAPSHOT or REWRITTEN (a cursor). */
    final JournalProblem mismatch;

    final long sealSequence;
    private final byte[] head;
    final String file;
    final long position;
    final long index;
    final boolean remaining;

    private JournalStart(final long sealSequence, final byte[] head, final String file, final long position,
                         final long index, final boolean remaining) {
        this.sealSequence = sealSequence;
        this.head = head;
        this.file = file;
        this.position = position;
        this.index = index;
        this.remaining = remaining;
        this.mismatch = file == null ? JournalProblem.REWRITTEN : JournalProblem.NOT_AT_SNAPSHOT;
    }

    /** @return a start at record 0: the whole journal is read and verified. */
    public static JournalStart beginning() {
        return BEGINNING;
    }

    /**
     * A start in what remains of a journal whose first roll-cycle files were archived or deleted. Records
     * before the first SEAL that can be trusted without its predecessors are read (their CRCs and
     * sequences checked) but not handed out, and counted ({@link JournalReader#skipped()}); a SEAL can be
     * trusted if a signed checkpoint of the reader's {@link JournalTrust} attests it, or if its mac verifies
     * under the reader's journal key. From there on the journal is verified as usual. Without such a SEAL
     * the reader reports {@link JournalProblem#UNANCHORED}.
     *
     * @return the start.
     */
    public static JournalStart remaining() {
        return REMAINING;
    }

    /**
     * A start right after the SEAL a snapshot was taken at: the reader checks that the journal holds, at
     * that place, a SEAL of that sequence and head (else {@link JournalProblem#NOT_AT_SNAPSHOT}) and
     * continues the chain from its head.
     *
     * @param sealSequence the SEAL's sequence.
     * @param head         its head.
     * @param file         the roll-cycle file holding it.
     * @param position     the byte offset of the header of the document it ends (its batch's) in that file.
     * @param index        that document's Chronicle Queue index.
     * @return the start.
     */
    static JournalStart atSeal(final long sealSequence, final byte[] head, final String file, final long position,
                               final long index) {
        if (head.length != SealBodyLayout.HEAD_LENGTH) {
            throw new IllegalArgumentException("head of " + head.length + " bytes");
        }
        return new JournalStart(sealSequence, head.clone(), file, position, index, false);
    }

    /**
     * A start right after the SEAL a cursor names ({@link JournalReader#cursor()}): the whole journal is
     * scanned (its files are all there), and the reader checks the SEAL at the cursor's Chronicle index is
     * the cursor's (else {@link JournalProblem#REWRITTEN}).
     *
     * @param cursor the cursor.
     * @return the start.
     */
    public static JournalStart after(final JournalCursor cursor) {
        return new JournalStart(cursor.sealSequence(), cursor.head(), null, -1, cursor.chronicleIndex(), false);
    }

    /** @return whether this start is after a SEAL. */
    boolean atSeal() {
        return head != null;
    }

    /** @return the SEAL started after, named for a message. */
    String describeSeal() {
        return file != null ? "the SEAL at sequence " + sealSequence + " (" + file + " byte " + position + ")"
            : "the cursor's SEAL (sequence " + sealSequence + ", Chronicle index " + Long.toHexString(index) + ")";
    }

    /** @return a copy of the SEAL's head. */
    byte[] head() {
        return head == null ? null : Arrays.copyOf(head, head.length);
    }

    @Override
    public String toString() {
        return atSeal() ? "after " + describeSeal()
            : remaining ? "what remains" : "the beginning";
    }
}
