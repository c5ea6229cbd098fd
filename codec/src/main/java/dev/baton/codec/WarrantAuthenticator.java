package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.WarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.WarrantLayout.KEY_ID_OFFSET;
import static dev.baton.codec.WarrantLayout.MAC_LENGTH;

/**
 * Signs warrants with the {@link KeyRing}'s current key and verifies them: structure, key, MAC and
 * holder binding.
 *
 * <p>The MAC is HMAC ({@link MacAlgorithm#HMAC_SHA256} by default) over every byte of the warrant
 * before the MAC, key id included, truncated to its first {@link WarrantLayout#MAC_LENGTH} bytes
 * (RFC 2104 §5, NIST SP 800-107 §5.3.3: a 128-bit tag gives 2^-128 forgery odds per try). Tags are
 * compared in constant time.
 *
 * <p><b>Note:</b> thread-safe: each thread gets its own digest and scratch arrays on first use
 * (one-off allocation); after that {@link #sign} and {@link #verify} allocate nothing.
 */
public final class WarrantAuthenticator {
    private final KeyRing keyRing;
    private final ThreadLocal<PerThread> perThread;

    /** @param keyRing holding the signing and verifying keys. */
    public WarrantAuthenticator(final KeyRing keyRing) {
        this.keyRing = keyRing;
        final MacAlgorithm algorithm = keyRing.algorithm();
        this.perThread = ThreadLocal.withInitial(() -> new PerThread(algorithm));
    }

    /** @return the key ring. */
    public KeyRing keyRing() {
        return keyRing;
    }

    /**
     * Signs the warrant an encoder has just written.
     *
     * @param encoder holding a complete unsigned warrant.
     * @return length of the signed warrant.
     */
    public int sign(final WarrantEncoder encoder) {
        return sign(encoder.buffer(), encoder.offset(), encoder.unsignedLength());
    }

    /**
     * Writes the current key id into the warrant, then the MAC after its last byte.
     *
     * @param buffer         holding the unsigned warrant; needs {@code MAC_LENGTH} more bytes.
     * @param offset         of the warrant.
     * @param unsignedLength bytes of the warrant before the MAC.
     * @return length of the signed warrant.
     */
    public int sign(final MutableDirectBuffer buffer, final int offset, final int unsignedLength) {
        if (unsignedLength < BLOCK_LENGTH) {
            throw new IllegalArgumentException("unsignedLength=" + unsignedLength + " minimum=" + BLOCK_LENGTH);
        }
        Bounds.requireCapacity(buffer, offset, unsignedLength + MAC_LENGTH);
        final KeyRing.Key key = keyRing.currentKey();
        buffer.putShort(offset + KEY_ID_OFFSET, (short)key.keyId, ByteOrder.LITTLE_ENDIAN);
        final byte[] tag = perThread.get().mac(key, buffer, offset, unsignedLength);
        buffer.putBytes(offset + unsignedLength, tag, 0, MAC_LENGTH);
        return unsignedLength + MAC_LENGTH;
    }

    /**
     * Verifies a presented warrant: structure, then key id (known and not past its grace window), then
     * MAC, then that {@code presenter} is the holder. Expiry is not checked here: the engine does that
     * with its clock.
     *
     * @param buffer    holding the warrant (untrusted).
     * @param offset    of the warrant.
     * @param length    of the warrant, MAC included.
     * @param presenter interned identity presenting the warrant.
     * @param nowMillis epoch millis, for the key grace window.
     * @param decoder   wrapped over the warrant on return; read it only if the result is OK.
     * @param detail    filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError verify(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int presenter,
        final long nowMillis,
        final WarrantDecoder decoder,
        final ErrorDetail detail) {
        final CodecError structure = decoder.wrap(buffer, offset, length, detail);
        if (structure != CodecError.OK) {
            return structure;
        }
        final int keyId = decoder.keyId();
        final KeyRing.Key key = keyRing.key(keyId);
        if (null == key) {
            return Bounds.fail(detail, CodecError.UNKNOWN_KEY, "keyId", KEY_ID_OFFSET, 2, length, keyId);
        }
        if (key.expired(nowMillis, keyRing.graceMillis())) {
            return Bounds.fail(detail, CodecError.KEY_RETIRED, "keyId", KEY_ID_OFFSET, 2, length, keyId);
        }
        final int unsignedLength = length - MAC_LENGTH;
        final byte[] tag = perThread.get().mac(key, buffer, offset, unsignedLength);
        int diff = 0;
        for (int i = 0; i < MAC_LENGTH; i++) {
            diff |= tag[i] ^ buffer.getByte(offset + unsignedLength + i);
        }
        if (diff != 0) {
            return Bounds.fail(detail, CodecError.BAD_MAC, "mac", unsignedLength, MAC_LENGTH, length, 0);
        }
        if (decoder.holder() != presenter) {
            return Bounds.fail(
                detail, CodecError.NOT_HOLDER, "holder", WarrantLayout.HOLDER_OFFSET, 4, length, presenter);
        }
        return CodecError.OK;
    }

    /** A thread's HMAC context and tag array. */
    private static final class PerThread {
        private final HmacContext hmac;
        private final byte[] tag;

        PerThread(final MacAlgorithm algorithm) {
            this.hmac = new HmacContext(algorithm);
            this.tag = new byte[algorithm.digestLength()];
        }

        byte[] mac(final KeyRing.Key key, final DirectBuffer buffer, final int offset, final int length) {
            hmac.compute(key, buffer, offset, length, tag);
            return tag;
        }
    }
}
