package dev.baton.codec;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) from precomputed pad midstates, on the JDK's own SHA-256 compression (the JVM
 * intrinsic). The SHA-256 state after the {@code K xor ipad} and {@code K xor opad} blocks is computed once
 * per key ({@link #midstate}); each tag then costs the message's blocks plus one outer block, two
 * compressions fewer than {@code javax.crypto.Mac}, which hashes both pad blocks on every call.
 *
 * <p>How: the digest's live state array ({@link Sha256StateAccess}) is overwritten with a midstate, whole
 * padded blocks are fed to {@code update} (which compresses them at once and buffers nothing), and the
 * state is read back. {@code digest()} is never called, so the digest's own padding never runs; its byte
 * count grows, unused. {@link #create} returns null, and callers keep the plain {@code MessageDigest} HMAC,
 * when the state cannot be reached or when the result differs from {@code javax.crypto.Mac} on the
 * known-answer messages it checks first.
 *
 * <p><b>Note:</b> not thread-safe; one per thread. Allocates nothing after {@link #create}.
 */
final class HmacMidstate {
    private static final VarHandle BIG_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int BLOCK = 64;
    private static final int DIGEST = 32;
    /** Message lengths of the known-answer test: empty, around each padding boundary, a warrant, long. */
    private static final int[] SELF_TEST_LENGTHS = {0, 1, 55, 56, 63, 64, 65, 119, 120, 180, 300};

    private final MessageDigest digest;
    private final int[] state;
    /** A message of up to 503 bytes with its padding, hashed in one update. */
    private final byte[] padBuffer = new byte[8 * BLOCK];
    /** A longer message's last partial block with its padding: one or two blocks. */
    private final byte[] tail = new byte[2 * BLOCK];
    /** The outer block: the inner digest, then padding for 64 + 32 bytes, which never changes. */
    private final byte[] outerBlock = new byte[BLOCK];

    private HmacMidstate(final MessageDigest digest, final int[] state) {
        this.digest = digest;
        this.state = state;
        outerBlock[DIGEST] = (byte)0x80;
        BIG_LONG.set(outerBlock, BLOCK - 8, (long)(BLOCK + DIGEST) * 8);
    }

    /**
     * @return a midstate HMAC that has passed its known-answer test, or null (use the plain HMAC).
     */
    static HmacMidstate create() {
        final MessageDigest digest = IdentityId.sha256();
        final int[] state = Sha256StateAccess.stateOf(digest);
        if (null == state) {
            return null;
        }
        final HmacMidstate h = new HmacMidstate(digest, state);
        return h.matchesJdkMac() ? h : null;
    }

    /**
     * The SHA-256 states after an HMAC key's inner and outer pad blocks (key set-up only).
     *
     * @param innerPad 64 bytes.
     * @param outerPad 64 bytes.
     * @return {inner, outer}, 8 words each; null when this JVM gives no midstate HMAC ({@link #create}).
     */
    static int[][] midstates(final byte[] innerPad, final byte[] outerPad) {
        final HmacMidstate h = create();
        return null == h ? null : new int[][] {h.midstate(innerPad), h.midstate(outerPad)};
    }

    private int[] midstate(final byte[] pad) {
        System.arraycopy(IV, 0, state, 0, 8);
        digest.update(pad, 0, BLOCK);
        return state.clone();
    }

    /**
     * HMAC-SHA256 of {@code message[offset, offset + length)}; the first {@code outLength} bytes of the tag
     * into {@code out}.
     */
    void hmac(final int[] inner, final int[] outer, final byte[] message, final int offset, final int length,
              final byte[] out, final int outLength) {
        compute(inner, outer, message, offset, length);
        for (int i = 0; i < outLength; i++) {
            out[i] = (byte)(state[i >> 2] >>> (24 - 8 * (i & 3)));
        }
    }

    /**
     * Whether the first {@code length} bytes (a multiple of 4) of the HMAC-SHA256 of {@code message[offset,
     * offset + length)} equal {@code tag[at, at + tagLength)}, compared in constant time.
     */
    boolean verify(final int[] inner, final int[] outer, final byte[] message, final int offset, final int length,
                   final byte[] tag, final int at, final int tagLength) {
        compute(inner, outer, message, offset, length);
        int diff = 0;
        for (int i = 0; i < tagLength >> 2; i++) {
            diff |= state[i] ^ (int)BIG_INT.get(tag, at + i * 4);
        }
        return diff == 0;
    }

    /** Leaves the HMAC-SHA256 of the message in {@link #state}. */
    private void compute(final int[] inner, final int[] outer, final byte[] message, final int offset, final int length) {
        System.arraycopy(inner, 0, state, 0, 8);
        final byte[] t;
        final int padded = (length + 9 + BLOCK - 1) & -BLOCK;
        if (padded <= padBuffer.length) {
            // One update for every inner block: the message copied with its padding behind it.
            t = padBuffer;
            System.arraycopy(message, offset, t, 0, length);
        } else {
            final int whole = length & -BLOCK;
            digest.update(message, offset, whole);
            t = tail;
            System.arraycopy(message, offset + whole, t, 0, length - whole);
        }
        final int rest = padded <= padBuffer.length ? length : length & (BLOCK - 1);
        final int end = padded <= padBuffer.length ? padded : (rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK);
        t[rest] = (byte)0x80;
        Arrays.fill(t, rest + 1, end - 8, (byte)0);
        BIG_LONG.set(t, end - 8, (long)(BLOCK + length) * 8);
        digest.update(t, 0, end);
        final byte[] o = outerBlock;
        for (int i = 0; i < 8; i++) {
            BIG_INT.set(o, i * 4, state[i]);
        }
        System.arraycopy(outer, 0, state, 0, 8);
        digest.update(o, 0, BLOCK);
    }

    /** Tags of {@link #SELF_TEST_LENGTHS} messages under a 40-byte key, against {@code javax.crypto.Mac}. */
    private boolean matchesJdkMac() {
        try {
            final byte[] key = new byte[40];
            final byte[] message = new byte[300];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte)(i * 31 + 7);
                if (i < key.length) {
                    key[i] = (byte)(i * 17 + 3);
                }
            }
            final HmacPads pads = HmacPads.of(key, BLOCK, IdentityId.sha256());
            final int[] inner = midstate(pads.inner);
            final int[] outer = midstate(pads.outer);
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            final byte[] out = new byte[DIGEST];
            for (final int length : SELF_TEST_LENGTHS) {
                mac.update(message, 0, length);
                hmac(inner, outer, message, 0, length, out, DIGEST);
                if (!MessageDigest.isEqual(mac.doFinal(), out)) {
                    return false;
                }
            }
            return true;
        } catch (final GeneralSecurityException | RuntimeException failed) {
            return false;
        }
    }

    private static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
}
