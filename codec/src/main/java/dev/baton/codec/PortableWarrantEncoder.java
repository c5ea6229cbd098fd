package dev.baton.codec;

import java.util.Arrays;

import static dev.baton.codec.PortableWarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.CAPABILITY_WORD_COUNT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.CAPABILITY_WORD_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.DATA_CLASSES_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.DEPTH_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.EXTENSION_LENGTH_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.FLAGS_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.FLAG_BUDGETS;
import static dev.baton.codec.PortableWarrantLayout.FLAG_CONSTRAINTS;
import static dev.baton.codec.PortableWarrantLayout.FLAG_PROOF_REQUIRED;
import static dev.baton.codec.PortableWarrantLayout.FORMAT_VERSION;
import static dev.baton.codec.PortableWarrantLayout.FORMAT_VERSION_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.HOLDER_KEY_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.HOP_COUNT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.HOP_ENGINE_AT;
import static dev.baton.codec.PortableWarrantLayout.HOP_HOLDER_AT;
import static dev.baton.codec.PortableWarrantLayout.HOP_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.ISSUED_AT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.KNOWN_FLAGS;
import static dev.baton.codec.PortableWarrantLayout.LAYOUT_FINGERPRINT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.MAX_BUDGETS;
import static dev.baton.codec.PortableWarrantLayout.MAX_CAPABILITY_WORDS;
import static dev.baton.codec.PortableWarrantLayout.MAX_HOPS;
import static dev.baton.codec.PortableWarrantLayout.MAX_TTL_MILLIS;
import static dev.baton.codec.PortableWarrantLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.PURPOSE_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.TTL_OFFSET;

/**
 * Writes a portable warrant (layout in {@link PortableWarrantLayout}) into a {@code byte[]}. Set the
 * fields, add the hops from the root down to this grant, then {@link #encode}; the
 * {@link PortableWarrantAuthenticator} then writes the suite, key id and tag. The encoder refuses
 * values the decoder would refuse, so whatever it writes decodes.
 * <pre>{@code
 * int unsigned = encoder.reset().layout(fingerprint, version).validity(now, expiry).purpose(p)
 *     .principal(principal).capabilities(words, n).hop(rootId, engine, rootHolder).hop(id, engine, holder)
 *     .encode(dst, 0);
 * int length = authenticator.sign(dst, 0, unsigned);
 * }</pre>
 * A grant's argument constraints go through {@link #constraints()} (arguments by index, in
 * non-decreasing order) and its budgets' remainders through {@link #budget}; a warrant without either
 * carries no extension byte.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class PortableWarrantEncoder {
    private final long[] capabilityWords = new long[MAX_CAPABILITY_WORDS];
    private final long[] hopGrants = new long[MAX_HOPS];
    private final int[] hopEngines = new int[MAX_HOPS];
    private final long[] hopHolderHigh = new long[MAX_HOPS];
    private final long[] hopHolderLow = new long[MAX_HOPS];
    private final byte[] holderKey = new byte[HOLDER_KEY_LENGTH];
    private final byte[] constraintList = new byte[ConstraintsLayout.MAX_LENGTH];
    private final ConstraintsEncoder constraintWriter = new ConstraintsEncoder();
    private final ConstraintsDecoder constraintCheck = new ConstraintsDecoder();
    private final ErrorDetail constraintError = new ErrorDetail();
    private final int[] budgetIds = new int[MAX_BUDGETS];
    private final long[] budgetRemainders = new long[MAX_BUDGETS];
    private boolean constraintsBegun;
    private int budgets;
    private int flags;
    private long fingerprint;
    private long policyVersion;
    private long issuedAt;
    private long ttl;
    private int purpose;
    private long dataClasses;
    private long principalHigh;
    private long principalLow;
    private boolean hasHolderKey;
    private int words;
    private int hops;

    /**
     * Clears every field.
     *
     * @return this.
     */
    public PortableWarrantEncoder reset() {
        flags = 0;
        fingerprint = 0;
        policyVersion = 0;
        issuedAt = 0;
        ttl = 0;
        purpose = 0;
        dataClasses = 0;
        principalHigh = 0;
        principalLow = 0;
        hasHolderKey = false;
        words = 0;
        hops = 0;
        constraintsBegun = false;
        budgets = 0;
        return this;
    }

    /**
     * The grant's argument constraints: add entries to the returned encoder (begun on this encoder's own
     * buffer) before {@link #encode}. A list left empty is not carried.
     *
     * @return the constraint list's encoder.
     */
    public ConstraintsEncoder constraints() {
        if (!constraintsBegun) {
            constraintWriter.begin(constraintList, 0);
            constraintsBegun = true;
        }
        return constraintWriter;
    }

    /**
     * Carries the remainder of one of the grant's budgets at issue time (advisory for an offline reader).
     *
     * @param budget    the budget's index in the policy's declaration order, 0..7, above the previous one.
     * @param remaining what is left, 0 or more, in the budget argument's carried unit.
     * @return this.
     */
    public PortableWarrantEncoder budget(final int budget, final long remaining) {
        if (budget < 0 || budget >= MAX_BUDGETS || budgets > 0 && budget <= budgetIds[budgets - 1] || remaining < 0) {
            throw new IllegalArgumentException("budget=" + budget + " remaining=" + remaining + " (ascending, 0.."
                + (MAX_BUDGETS - 1) + ", remaining 0 or more)");
        }
        budgetIds[budgets] = budget;
        budgetRemainders[budgets++] = remaining;
        return this;
    }

    /**
     * @param wireFlags {@code FLAG_BREAK_GLASS}, {@code FLAG_EXTERNAL}, {@code FLAG_REVIEWED}; the proof
     *                  flag follows {@link #holderKey}.
     * @return this.
     */
    public PortableWarrantEncoder flags(final int wireFlags) {
        if ((wireFlags & ~(KNOWN_FLAGS & ~FLAG_PROOF_REQUIRED)) != 0) {
            throw new IllegalArgumentException("flags=" + wireFlags + " known=" + (KNOWN_FLAGS & ~FLAG_PROOF_REQUIRED));
        }
        flags = wireFlags;
        return this;
    }

    /**
     * @param layoutFingerprint {@link LayoutFingerprint} of the policy's name tables.
     * @param policyVersionId   the policy version's id.
     * @return this.
     */
    public PortableWarrantEncoder layout(final long layoutFingerprint, final long policyVersionId) {
        fingerprint = layoutFingerprint;
        policyVersion = policyVersionId;
        return this;
    }

    /**
     * @param issuedAtMillis  epoch millis, 0 or more.
     * @param expiresAtMillis epoch millis, after issue and at most {@link PortableWarrantLayout#MAX_TTL_MILLIS} later.
     * @return this.
     */
    public PortableWarrantEncoder validity(final long issuedAtMillis, final long expiresAtMillis) {
        final long span = expiresAtMillis - issuedAtMillis;
        if (issuedAtMillis < 0 || span < 0 || span > MAX_TTL_MILLIS) {
            throw new IllegalArgumentException("issuedAt=" + issuedAtMillis + " expiresAt=" + expiresAtMillis
                + " maxTtl=" + MAX_TTL_MILLIS);
        }
        issuedAt = issuedAtMillis;
        ttl = span;
        return this;
    }

    /**
     * @param purposeNumber the purpose's number in the policy, 0..65535.
     * @return this.
     */
    public PortableWarrantEncoder purpose(final int purposeNumber) {
        if (purposeNumber < 0 || purposeNumber > 0xFFFF) {
            throw new IllegalArgumentException("purpose=" + purposeNumber + " bound=65535");
        }
        purpose = purposeNumber;
        return this;
    }

    /**
     * @param bits data-class bitset.
     * @return this.
     */
    public PortableWarrantEncoder dataClasses(final long bits) {
        dataClasses = bits;
        return this;
    }

    /**
     * @param principal the initiating principal.
     * @return this.
     */
    public PortableWarrantEncoder principal(final IdentityId principal) {
        principalHigh = principal.high();
        principalLow = principal.low();
        return this;
    }

    /**
     * Carries the holder's Ed25519 public key and requires a proof of possession with every presentation.
     *
     * @param rawPublicKey 32-byte raw Ed25519 public key (RFC 8032 encoding); copied.
     * @return this.
     */
    public PortableWarrantEncoder holderKey(final byte[] rawPublicKey) {
        if (rawPublicKey.length != HOLDER_KEY_LENGTH) {
            throw new IllegalArgumentException("holder key length=" + rawPublicKey.length + " expected=" + HOLDER_KEY_LENGTH);
        }
        System.arraycopy(rawPublicKey, 0, holderKey, 0, HOLDER_KEY_LENGTH);
        hasHolderKey = true;
        return this;
    }

    /**
     * @param bitset capability words; trailing zero words are trimmed.
     * @param count  words to read from {@code bitset}, 0..64.
     * @return this.
     */
    public PortableWarrantEncoder capabilities(final long[] bitset, final int count) {
        if (count < 0 || count > MAX_CAPABILITY_WORDS || count > bitset.length) {
            throw new IllegalArgumentException("capability words=" + count + " bound=" + MAX_CAPABILITY_WORDS);
        }
        int n = count;
        while (n > 0 && bitset[n - 1] == 0) {
            n--;
        }
        System.arraycopy(bitset, 0, capabilityWords, 0, n);
        words = n;
        return this;
    }

    /**
     * Appends a hop; call from the root grant down to this grant, which is the last hop.
     *
     * @param grantId  the grant's id, not 0.
     * @param engineId the engine that issued it.
     * @param holder   its holder.
     * @return this.
     */
    public PortableWarrantEncoder hop(final long grantId, final int engineId, final IdentityId holder) {
        return hop(grantId, engineId, holder.high(), holder.low());
    }

    /**
     * Appends a hop without an {@link IdentityId} object.
     *
     * @param grantId    the grant's id, not 0.
     * @param engineId   the engine that issued it.
     * @param holderHigh first half of the holder's id.
     * @param holderLow  second half.
     * @return this.
     */
    public PortableWarrantEncoder hop(final long grantId, final int engineId, final long holderHigh, final long holderLow) {
        if (hops == MAX_HOPS) {
            throw new IllegalArgumentException("hops bound=" + MAX_HOPS);
        }
        if (grantId == 0) {
            throw new IllegalArgumentException("grant id 0 at hop " + hops);
        }
        hopGrants[hops] = grantId;
        hopEngines[hops] = engineId;
        hopHolderHigh[hops] = holderHigh;
        hopHolderLow[hops] = holderLow;
        hops++;
        return this;
    }

    /**
     * Writes the warrant without its suite, key id and tag.
     *
     * @param dst    destination; needs room for the unsigned warrant plus the tag of the signing suite.
     * @param offset where to write.
     * @return bytes written (the unsigned length).
     * @throws IllegalStateException if no hop was added.
     */
    public int encode(final byte[] dst, final int offset) {
        if (hops == 0) {
            throw new IllegalStateException("a warrant needs at least its own hop");
        }
        final int constraintsLength = constraintsLength();
        final int extensions = PortableWarrantLayout.extensionLength(constraintsLength, budgets);
        final int unsigned = PortableWarrantLayout.unsignedLength(hasHolderKey, words, hops) + extensions;
        if (offset < 0 || dst.length - offset < unsigned) {
            throw new IllegalArgumentException("offset=" + offset + " capacity=" + dst.length + " need=" + unsigned);
        }
        Arrays.fill(dst, offset, offset + BLOCK_LENGTH, (byte)0);
        dst[offset + FORMAT_VERSION_OFFSET] = (byte)FORMAT_VERSION;
        dst[offset + FLAGS_OFFSET] = (byte)(flags | (hasHolderKey ? FLAG_PROOF_REQUIRED : 0)
            | (constraintsLength > 0 ? FLAG_CONSTRAINTS : 0) | (budgets > 0 ? FLAG_BUDGETS : 0));
        dst[offset + DEPTH_OFFSET] = (byte)(hops - 1);
        dst[offset + HOP_COUNT_OFFSET] = (byte)hops;
        dst[offset + CAPABILITY_WORD_COUNT_OFFSET] = (byte)words;
        LittleEndian.putLong(dst, offset + LAYOUT_FINGERPRINT_OFFSET, fingerprint);
        LittleEndian.putLong(dst, offset + POLICY_VERSION_OFFSET, policyVersion);
        LittleEndian.putLong(dst, offset + ISSUED_AT_OFFSET, issuedAt);
        LittleEndian.putInt(dst, offset + TTL_OFFSET, (int)ttl);
        LittleEndian.putShort(dst, offset + PURPOSE_OFFSET, purpose);
        LittleEndian.putShort(dst, offset + EXTENSION_LENGTH_OFFSET, extensions);
        LittleEndian.putLong(dst, offset + DATA_CLASSES_OFFSET, dataClasses);
        LittleEndian.putLong(dst, offset + PRINCIPAL_OFFSET, principalHigh);
        LittleEndian.putLong(dst, offset + PRINCIPAL_OFFSET + 8, principalLow);
        int at = offset + BLOCK_LENGTH;
        if (hasHolderKey) {
            System.arraycopy(holderKey, 0, dst, at, HOLDER_KEY_LENGTH);
            at += HOLDER_KEY_LENGTH;
        }
        for (int i = 0; i < words; i++, at += CAPABILITY_WORD_LENGTH) {
            LittleEndian.putLong(dst, at, capabilityWords[i]);
        }
        for (int i = 0; i < hops; i++, at += HOP_LENGTH) {
            LittleEndian.putLong(dst, at, hopGrants[i]);
            LittleEndian.putInt(dst, at + HOP_ENGINE_AT, hopEngines[i]);
            LittleEndian.putLong(dst, at + HOP_HOLDER_AT, hopHolderHigh[i]);
            LittleEndian.putLong(dst, at + HOP_HOLDER_AT + 8, hopHolderLow[i]);
        }
        writeExtensions(dst, at, constraintsLength);
        return unsigned;
    }

    /** @return bytes of the constraint list to carry, 0 for none; refuses a list the decoder would refuse. */
    private int constraintsLength() {
        if (!constraintsBegun || constraintWriter.count() == 0) {
            return 0;
        }
        final int length = constraintWriter.end();
        if (constraintCheck.wrap(constraintList, 0, length, constraintError) != CodecError.OK) {
            throw new IllegalArgumentException("constraint list refused: " + constraintError.message());
        }
        return length;
    }

    private void writeExtensions(final byte[] dst, final int from, final int constraintsLength) {
        System.arraycopy(constraintList, 0, dst, from, constraintsLength);
        int at = from + constraintsLength;
        if (budgets > 0) {
            dst[at++] = (byte)budgets;
            for (int i = 0; i < budgets; i++, at += PortableWarrantLayout.BUDGET_ENTRY_LENGTH) {
                dst[at] = (byte)budgetIds[i];
                LittleEndian.putLong(dst, at + 1, budgetRemainders[i]);
            }
        }
    }
}
