package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import static dev.baton.codec.SealBodyLayout.FLAG_KEYED;
import static dev.baton.codec.SealBodyLayout.HEAD_LENGTH;
import static dev.baton.codec.SealBodyLayout.HEAD_OFFSET;
import static dev.baton.codec.SealBodyLayout.MAC_LENGTH;
import static dev.baton.codec.SealBodyLayout.MAC_OFFSET;

/**
 * The journal's SEAL chain (layout in {@link SealBodyLayout}): a running SHA-256 over the previous head
 * and every record of the current batch, closed by a SEAL whose head it computes and whose mac is an
 * HMAC-SHA256 of that head under the journal key (computed on a reused digest: {@code Mac.doFinal}
 * allocates on every call). The writer {@link #add}s each record and {@link
 * #seal}s at the end of a batch; a reader does the same and {@link #verify}s each SEAL it reads. The
 * cost is one SHA-256 pass over the record bytes plus one HMAC per batch, not per record.
 *
 * <p><b>Note:</b> not thread-safe; one per writer or reader. Allocates nothing after construction,
 * except {@link #copy()}.
 */
public final class JournalChain {
    /** The outcome of checking a SEAL. */
    public enum Verdict {
        /** The SEAL closes the records read since the previous one. */
        OK,
        /** It seals another number of records than were read since the previous SEAL. */
        WRONG_COUNT,
        /** The records read do not hash to its head: one of them (or an earlier SEAL's head) was changed. */
        WRONG_HEAD,
        /** Its mac does not verify under the journal key: the batch and its SEAL were rewritten without it. */
        BAD_MAC,
        /** The reader holds the journal key, but the SEAL carries no mac (a downgrade, or a keyless writer). */
        NOT_KEYED
    }

    /** Bytes of the HMAC input: sealSequence, recordCount, flags, head. */
    private static final int MAC_INPUT_LENGTH = 8 + 4 + 1 + HEAD_LENGTH;

    private final MessageDigest digest;
    private final KeyRing.Key key;
    private final HmacContext mac;
    private final byte[] head = new byte[HEAD_LENGTH];
    private final byte[] expected = new byte[HEAD_LENGTH];
    private final byte[] macOut = new byte[MAC_LENGTH];
    private final byte[] found = new byte[MAC_LENGTH];
    private final byte[] macInput = new byte[MAC_INPUT_LENGTH];
    private final byte[] scratch = new byte[512];
    private final UnsafeBuffer macInputBuffer = new UnsafeBuffer(macInput);
    private long pendingRecords;
    private long pendingBytes;

    /**
     * A chain at its start: head all zero.
     *
     * @param journalKey the journal key (at least 32 bytes), or null for a keyless chain (SEALs without a
     *                   mac; a reader then checks the heads only).
     */
    public JournalChain(final byte[] journalKey) {
        this(newDigest(), journalKey == null ? null : key(journalKey));
        digest.update(head);
    }

    private JournalChain(final MessageDigest digest, final KeyRing.Key key) {
        this.digest = digest;
        this.key = key;
        this.mac = key == null ? null : new HmacContext(MacAlgorithm.HMAC_SHA256);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static KeyRing.Key key(final byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a journal key must have at least 32 bytes, found " + secret.length);
        }
        return KeyRing.Key.derive(MacAlgorithm.HMAC_SHA256, 0, secret); // HMAC pads only; the secret is not kept
    }

    /** @return whether this chain holds the journal key. */
    public boolean keyed() {
        return mac != null;
    }

    /**
     * Adds a whole record (header, body and CRC) to the current batch.
     *
     * @param record buffer holding it.
     * @param offset of the record.
     * @param length of the record.
     */
    public void add(final DirectBuffer record, final int offset, final int length) {
        addAll(record, offset, length, 1);
    }

    /**
     * Adds {@code records} whole records lying one after the other (a writer's encoded batch): the same
     * chain as adding each in turn, in one digest update.
     *
     * @param records buffer holding them.
     * @param offset  of the first.
     * @param length  of them all.
     * @param count   how many records they are.
     */
    public void addAll(final DirectBuffer records, final int offset, final int length, final int count) {
        DigestInput.update(digest, records, offset, length, scratch);
        pendingRecords += count;
        pendingBytes += length;
    }

    /** @return records added since the last SEAL. */
    public long pendingRecords() {
        return pendingRecords;
    }

    /** @return bytes added since the last SEAL. */
    public long pendingBytes() {
        return pendingBytes;
    }

    /**
     * Closes the current batch: computes its head, writes a SEAL body and starts the next batch.
     *
     * @param body         where the SEAL body goes ({@link SealBodyLayout#BLOCK_LENGTH} bytes).
     * @param offset       of the body.
     * @param sealSequence the sequence the SEAL record will have.
     * @param flags        {@link SealBodyLayout#FLAG_VOID} or 0 ({@link SealBodyLayout#FLAG_KEYED} is
     *                     set when this chain holds the key).
     * @return length of the body.
     */
    public int seal(final MutableDirectBuffer body, final int offset, final long sealSequence, final int flags) {
        Bounds.requireCapacity(body, offset, SealBodyLayout.BLOCK_LENGTH);
        final int allFlags = (flags & ~FLAG_KEYED) | (mac != null ? FLAG_KEYED : 0);
        finish(head);
        body.putInt(offset, 0);
        body.putByte(offset + SealBodyLayout.FLAGS_OFFSET, (byte)allFlags);
        body.putInt(offset + SealBodyLayout.RECORD_COUNT_OFFSET, (int)pendingRecords, ByteOrder.LITTLE_ENDIAN);
        body.putBytes(offset + HEAD_OFFSET, head);
        if (mac != null) {
            computeMac(sealSequence, pendingRecords, allFlags, head);
            body.putBytes(offset + MAC_OFFSET, macOut);
        } else {
            body.setMemory(offset + MAC_OFFSET, MAC_LENGTH, (byte)0);
        }
        restart();
        return SealBodyLayout.BLOCK_LENGTH;
    }

    /**
     * Checks a SEAL against the records added since the last one; on {@link Verdict#OK} the chain moves
     * on to the SEAL's head. A keyless chain cannot check macs: it checks counts and heads only.
     *
     * @param seal         wrapped SEAL body.
     * @param sealSequence the SEAL record's sequence.
     * @return the verdict; unless it is OK, the chain is spent (a reader stops at a bad SEAL).
     */
    public Verdict verify(final SealBodyDecoder seal, final long sealSequence) {
        if (seal.recordCount() != pendingRecords) {
            return Verdict.WRONG_COUNT;
        }
        finish(expected);
        seal.getHead(found, 0);
        if (!MessageDigest.isEqual(expected, found)) {
            return Verdict.WRONG_HEAD;
        }
        if (mac != null) {
            if ((seal.flags() & FLAG_KEYED) == 0) {
                    return Verdict.NOT_KEYED;
            }
            computeMac(sealSequence, pendingRecords, seal.flags(), expected);
            seal.getMac(found, 0);
            if (!MessageDigest.isEqual(macOut, found)) {
                    return Verdict.BAD_MAC;
            }
        }
        System.arraycopy(expected, 0, head, 0, HEAD_LENGTH);
        restart();
        return Verdict.OK;
    }

    /**
     * Continues the chain after a SEAL whose head something else vouches for (a verified snapshot, a
     * signed checkpoint) instead of the records before it, which a reader then does not see: the head
     * becomes {@code trustedHead} and a new batch starts.
     *
     * @param trustedHead the SEAL's head ({@link SealBodyLayout#HEAD_LENGTH} bytes).
     */
    public void startAt(final byte[] trustedHead) {
        if (trustedHead.length != HEAD_LENGTH) {
            throw new IllegalArgumentException("a chain head has " + HEAD_LENGTH + " bytes, found " + trustedHead.length);
        }
        digest.reset();
        System.arraycopy(trustedHead, 0, head, 0, HEAD_LENGTH);
        restart();
    }

    /**
     * Whether a SEAL's mac verifies under the journal key, whatever came before it: a keyed reader that
     * cannot see the SEAL's predecessors (the head of the journal was archived) trusts its head once this
     * holds. False for a keyless chain.
     *
     * @param seal         wrapped SEAL body.
     * @param sealSequence the SEAL record's sequence.
     * @return true if keyed and the mac is the one the key gives.
     */
    public boolean macVerifies(final SealBodyDecoder seal, final long sealSequence) {
        if (mac == null || (seal.flags() & FLAG_KEYED) == 0) {
            return false;
        }
        seal.getHead(expected, 0);
        computeMac(sealSequence, seal.recordCount(), seal.flags(), expected);
        seal.getMac(found, 0);
        return MessageDigest.isEqual(macOut, found);
    }

    /**
     * @param dst receives the head of the last SEAL (zeros before the first).
     * @param off in {@code dst}.
     */
    public void getHead(final byte[] dst, final int off) {
        System.arraycopy(head, 0, dst, off, HEAD_LENGTH);
    }

    /** @return the head of the last SEAL (zeros before the first), copied. */
    public byte[] head() {
        return Arrays.copyOf(head, HEAD_LENGTH);
    }

    /**
     * @return an independent chain in the same state (head, records of the open batch), holding the same
     *     key: for a writer that continues where a reader stopped. Allocates.
     */
    public JournalChain copy() {
        final JournalChain c = new JournalChain(copyDigest(), key);
        System.arraycopy(head, 0, c.head, 0, HEAD_LENGTH);
        c.pendingRecords = pendingRecords;
        c.pendingBytes = pendingBytes;
        return c;
    }

    private void finish(final byte[] out) {
        try {
            digest.digest(out, 0, HEAD_LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException("digest output array too small", e);
        }
    }

    private void restart() {
        pendingRecords = 0;
        pendingBytes = 0;
        digest.update(head);
    }

    private MessageDigest copyDigest() {
        try {
            return (MessageDigest)digest.clone();
        } catch (final CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }

    private void computeMac(final long sealSequence, final long count, final int flags, final byte[] h) {
        macInputBuffer.putLong(0, sealSequence, ByteOrder.LITTLE_ENDIAN);
        macInputBuffer.putInt(8, (int)count, ByteOrder.LITTLE_ENDIAN);
        macInputBuffer.putByte(12, (byte)flags);
        macInputBuffer.putBytes(13, h);
        mac.compute(key, macInputBuffer, 0, MAC_INPUT_LENGTH, macOut);
    }
}
