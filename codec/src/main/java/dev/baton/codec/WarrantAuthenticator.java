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
 * <p>Each thread remembers the last warrants whose MAC verified ({@link VerificationCache}, {@value
 * #CACHE_SLOTS} slots): the same bytes presented again under the same key (the very {@code KeyRing.Key},
 * so a rotation or a purged id used again starts afresh) skip the HMAC, compared byte for byte in constant
 * time. The key's grace window and the holder are still checked on every presentation.
 *
 * <p><b>Note:</b> thread-safe: each thread gets its own digest, scratch arrays and cache on first use
 * (one-off allocation, about {@value #CACHE_SLOTS} x {@link WarrantLayout#MAX_LENGTH} bytes); after that
 * {@link #sign} and {@link #verify} allocate nothing.
 */
public final class WarrantAuthenticator {
    /** Warrants each thread remembers as verified. */
    static final int CACHE_SLOTS = 256;

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
        final CodecError mac = checkMac(buffer, offset, length, key, detail);
        if (mac != CodecError.OK) {
            return mac;
        }
        if (decoder.holder() != presenter) {
            return Bounds.fail(
                detail, CodecError.NOT_HOLDER, "holder", WarrantLayout.HOLDER_OFFSET, 4, length, presenter);
        }
        return CodecError.OK;
    }

    /**
     * The part of {@link #verify} that needs no clock, for the thread that submits the warrant: structure,
     * then the MAC under the key the warrant names (if the ring holds it now), then that {@code presenter}
     * is the holder. {@link #admit}, on the deciding thread, finishes it. Nothing is read from the buffer
     * afterwards: the caller must not change those bytes until they are admitted.
     *
     * @param buffer    holding the warrant (untrusted).
     * @param offset    of the warrant.
     * @param length    of the warrant, MAC included.
     * @param presenter interned identity presenting the warrant.
     * @param decoder   scratch, wrapped over the warrant on return.
     * @param into      filled with what was found; not authenticated if the key was unknown.
     */
    public void authenticate(final DirectBuffer buffer, final int offset, final int length, final int presenter,
                             final WarrantDecoder decoder, final AuthenticatedWarrant into) {
        into.clear();
        final CodecError structure = decoder.wrap(buffer, offset, length, null);
        if (structure != CodecError.OK) {
            into.malformed(structure);
            return;
        }
        final int keyId = decoder.keyId();
        final KeyRing.Key key = keyRing.key(keyId);
        if (null == key) {
            return; // the deciding thread's ring may hold it by then: verify() there
        }
        final CodecError mac = checkMac(buffer, offset, length, key, null);
        final CodecError outcome = mac != CodecError.OK ? mac
            : decoder.holder() != presenter ? CodecError.NOT_HOLDER : CodecError.OK;
        into.checked(outcome, key, decoder.grantId(), decoder.expiresAt());
    }

    /**
     * @param warrant authenticated by {@link #authenticate}.
     * @return whether {@link #admit} may finish it: it was malformed, or the ring holds no key of its id now, or
     *     the key of that id has the secret its MAC was checked under (an id purged and then given to another
     *     secret has not: verify it afresh).
     */
    public boolean admissible(final AuthenticatedWarrant warrant) {
        if (!warrant.isAuthenticated()) {
            return false;
        }
        if (warrant.isMalformed()) {
            return true;
        }
        final KeyRing.Key now = keyRing.key(warrant.keyId());
        return now == null || now.innerPad == warrant.key().innerPad;
    }

    /**
     * Finishes {@link #authenticate} on the deciding thread, with the same answer {@link #verify} gives there
     * and in the same order: structure, key known, key not retired past its grace window, MAC, holder.
     * Expiry of the warrant is left to the caller, as in {@link #verify}.
     *
     * @param warrant   {@linkplain #admissible admissible}.
     * @param nowMillis epoch millis, for the key grace window.
     * @return {@link CodecError#OK} or what was wrong.
     * @throws IllegalStateException if the warrant was not authenticated (nothing is known of its MAC).
     */
    public CodecError admit(final AuthenticatedWarrant warrant, final long nowMillis) {
        if (!warrant.isAuthenticated()) {
            throw new IllegalStateException("a warrant not authenticated cannot be admitted: verify its bytes");
        }
        if (warrant.isMalformed()) {
            return warrant.result();
        }
        final KeyRing.Key key = keyRing.key(warrant.keyId());
        if (null == key) {
            return CodecError.UNKNOWN_KEY;
        }
        if (key.expired(nowMillis, keyRing.graceMillis())) {
            return CodecError.KEY_RETIRED;
        }
        return warrant.result();
    }

    /** The MAC check of {@link #verify}: the thread's cache, else the HMAC compared in constant time. */
    private CodecError checkMac(final DirectBuffer buffer, final int offset, final int length, final KeyRing.Key key,
                                final ErrorDetail detail) {
        final int unsignedLength = length - MAC_LENGTH;
        final PerThread t = perThread.get();
        final byte[] array = buffer.byteArray(); // null off-heap: verified every time
        final int at = array == null ? 0 : buffer.wrapAdjustment() + offset;
        if (array == null || !t.cache.contains(array, at, length, key)) {
            final byte[] tag = t.mac(key, buffer, offset, unsignedLength);
            int diff = 0;
            for (int i = 0; i < MAC_LENGTH; i++) {
                diff |= tag[i] ^ buffer.getByte(offset + unsignedLength + i);
            }
            if (diff != 0) {
                return Bounds.fail(detail, CodecError.BAD_MAC, "mac", unsignedLength, MAC_LENGTH, length, 0);
            }
            if (array != null) {
                t.cache.put(array, at, length, key);
            }
        }
        return CodecError.OK;
    }

    /** A thread's HMAC context, tag array and cache of verified warrants. */
    private static final class PerThread {
        private final HmacContext hmac;
        private final byte[] tag;
        final VerificationCache cache = new VerificationCache(CACHE_SLOTS, WarrantLayout.MAX_LENGTH);

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
