package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.security.DigestException;
import java.security.MessageDigest;

import static dev.baton.codec.JournalRecordLayout.RECORD_HASH_LENGTH;

/**
 * Computes and checks journal record hashes: SHA-256 over every byte of the record before the hash
 * (header, previous hash, body); see {@link JournalRecordLayout}.
 *
 * <p><b>Note:</b> not thread-safe (one {@link MessageDigest} per instance); keep one per thread.
 * Allocates nothing after construction.
 */
public final class JournalHasher {
    private final MessageDigest digest = KeyRing.newDigest(MacAlgorithm.HMAC_SHA256);
    private final byte[] hash = new byte[RECORD_HASH_LENGTH];
    private final byte[] scratch = new byte[512];

    /**
     * Appends the record hash to the record an encoder has just written.
     *
     * @param encoder holding a complete record up to its body.
     * @return length of the sealed record.
     */
    public int seal(final JournalRecordEncoder encoder) {
        return seal(encoder.buffer(), encoder.offset(), encoder.unsealedLength());
    }

    /**
     * Appends the record hash after {@code unsealedLength} bytes.
     *
     * @param buffer         holding the record; needs 32 more bytes.
     * @param offset         of the record.
     * @param unsealedLength block plus body.
     * @return length of the sealed record.
     */
    public int seal(final MutableDirectBuffer buffer, final int offset, final int unsealedLength) {
        Bounds.requireCapacity(buffer, offset, unsealedLength + RECORD_HASH_LENGTH);
        compute(buffer, offset, unsealedLength);
        buffer.putBytes(offset + unsealedLength, hash, 0, RECORD_HASH_LENGTH);
        return unsealedLength + RECORD_HASH_LENGTH;
    }

    /**
     * Checks the record hash of a wrapped record.
     *
     * @param record wrapped with {@link CodecError#OK}.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or {@link CodecError#BAD_HASH}.
     */
    public CodecError verify(final JournalRecordDecoder record, final ErrorDetail detail) {
        final DirectBuffer buffer = record.buffer();
        if (null == buffer) {
            throw new IllegalStateException("record not wrapped: call wrap and check it returned OK");
        }
        final int hashed = record.encodedLength() - RECORD_HASH_LENGTH;
        compute(buffer, record.offset(), hashed);
        int diff = 0;
        for (int i = 0; i < RECORD_HASH_LENGTH; i++) {
            diff |= hash[i] ^ buffer.getByte(record.offset() + hashed + i);
        }
        if (diff != 0) {
            return Bounds.fail(detail, CodecError.BAD_HASH, "recordHash", hashed, RECORD_HASH_LENGTH, record.encodedLength(), 0);
        }
        return CodecError.OK;
    }

    private void compute(final DirectBuffer buffer, final int offset, final int length) {
        DigestInput.update(digest, buffer, offset, length, scratch);
        try {
            digest.digest(hash, 0, RECORD_HASH_LENGTH);
        } catch (final DigestException ex) {
            digest.reset();
            throw new IllegalStateException("digest output array too small", ex);
        }
    }
}
