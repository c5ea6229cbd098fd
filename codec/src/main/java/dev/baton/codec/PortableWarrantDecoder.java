package dev.baton.codec;

import static dev.baton.codec.PortableWarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.CAPABILITY_WORD_COUNT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.CAPABILITY_WORD_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.DATA_CLASSES_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.DEPTH_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.EXTENSION_LENGTH_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.FLAGS_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.BUDGET_COUNT_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.BUDGET_ENTRY_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.FLAG_BUDGETS;
import static dev.baton.codec.PortableWarrantLayout.FLAG_CONSTRAINTS;
import static dev.baton.codec.PortableWarrantLayout.FLAG_PROOF_REQUIRED;
import static dev.baton.codec.PortableWarrantLayout.FORMAT_VERSION;
import static dev.baton.codec.PortableWarrantLayout.HOLDER_KEY_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.HOP_COUNT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.HOP_ENGINE_AT;
import static dev.baton.codec.PortableWarrantLayout.HOP_HOLDER_AT;
import static dev.baton.codec.PortableWarrantLayout.HOP_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.ISSUED_AT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.KEY_ID_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.KNOWN_FLAGS;
import static dev.baton.codec.PortableWarrantLayout.LAYOUT_FINGERPRINT_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.MAX_BUDGETS;
import static dev.baton.codec.PortableWarrantLayout.MAX_CAPABILITY_WORDS;
import static dev.baton.codec.PortableWarrantLayout.MAX_EXTENSION_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.MAX_HOPS;
import static dev.baton.codec.PortableWarrantLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.PURPOSE_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.SUITE_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.TTL_OFFSET;

/**
 * Reads a portable warrant (layout in {@link PortableWarrantLayout}) from a {@code byte[]}. {@link #wrap}
 * validates the structure of untrusted bytes (version, suite, reserved flags, counts, depth, canonical
 * scope, the extensions: a well-formed constraint list and budget snapshot exactly as the flags say,
 * expiry that fits a long, exact length) before any getter reads them; it never throws on hostile input. It does not check the tag: {@link PortableWarrantAuthenticator#verify} does.
 *
 * <p>Getters are only meaningful after {@code wrap} returned {@link CodecError#OK}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class PortableWarrantDecoder {
    private final ErrorDetail scratch = new ErrorDetail();
    private byte[] buffer;
    private int offset;
    private int length;
    private SignatureSuite suite;
    private final ConstraintsDecoder constraints = new ConstraintsDecoder();
    private int capabilitiesAt;
    private int hopsAt;
    private int budgetsAt;

    /**
     * Attaches to a warrant and validates its structure.
     *
     * @param bytes  holding the warrant (untrusted); may be null (refused).
     * @param at     where the warrant starts.
     * @param size   bytes of the warrant, tag included; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final byte[] bytes, final int at, final int size, final ErrorDetail detail) {
        this.buffer = null;
        constraints.reset();
        if (null == bytes || at < 0 || size < 0 || at > bytes.length - size) {
            return fail(detail, CodecError.BAD_LENGTH, "region", at, size, null == bytes ? 0 : bytes.length, 0);
        }
        if (size < BLOCK_LENGTH) {
            if (size > 0 && (bytes[at] & 0xFF) != FORMAT_VERSION) {
                return version(bytes[at] & 0xFF, detail);
            }
            return fail(detail, CodecError.TRUNCATED, "block", 0, BLOCK_LENGTH, size, 0);
        }
        final int version = bytes[at] & 0xFF;
        if (version != FORMAT_VERSION) {
            return version(version, detail);
        }
        final CodecError header = checkHeader(bytes, at, size, detail);
        if (header != CodecError.OK) {
            return header;
        }
        final int flags = bytes[at + FLAGS_OFFSET] & 0xFF;
        final int words = bytes[at + CAPABILITY_WORD_COUNT_OFFSET] & 0xFF;
        final int hops = bytes[at + HOP_COUNT_OFFSET] & 0xFF;
        final int caps = BLOCK_LENGTH + ((flags & FLAG_PROOF_REQUIRED) != 0 ? HOLDER_KEY_LENGTH : 0);
        final int hopStart = caps + words * CAPABILITY_WORD_LENGTH;
        final int extensionsAt = hopStart + hops * HOP_LENGTH;
        final int extensions = LittleEndian.getUnsignedShort(bytes, at + EXTENSION_LENGTH_OFFSET);
        final int expected = extensionsAt + extensions + suite(bytes, at).tagLength();
        if (size != expected) {
            return fail(detail, size < expected ? CodecError.TRUNCATED : CodecError.BAD_LENGTH, "warrant", 0,
                expected, size, size);
        }
        if (words > 0 && LittleEndian.getLong(bytes, at + hopStart - CAPABILITY_WORD_LENGTH) == 0) {
            return fail(detail, CodecError.BAD_VALUE, "capabilityWord", hopStart - CAPABILITY_WORD_LENGTH,
                CAPABILITY_WORD_LENGTH, size, 0);
        }
        for (int i = 0; i < hops; i++) {
            final int hop = at + hopStart + i * HOP_LENGTH;
            if (LittleEndian.getLong(bytes, hop) == 0) {
                return fail(detail, CodecError.BAD_VALUE, "hop.grantId", hopStart + i * HOP_LENGTH, 8, size, i);
            }
        }
        final int budgetsFrom = checkExtensions(bytes, at, extensionsAt, extensions, detail);
        if (budgetsFrom < 0) {
            constraints.reset();
            return (null == detail ? scratch : detail).error();
        }
        this.budgetsAt = at + budgetsFrom;
        this.buffer = bytes;
        this.offset = at;
        this.length = size;
        this.suite = suite(bytes, at);
        this.capabilitiesAt = at + caps;
        this.hopsAt = at + hopStart;
        return CodecError.OK;
    }

    private static CodecError checkHeader(final byte[] bytes, final int at, final int size, final ErrorDetail detail) {
        if (null == suite(bytes, at)) {
            return fail(detail, CodecError.BAD_VALUE, "suite", SUITE_OFFSET, 1, size, bytes[at + SUITE_OFFSET] & 0xFF);
        }
        final int flags = bytes[at + FLAGS_OFFSET] & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return fail(detail, CodecError.BAD_VALUE, "flags", FLAGS_OFFSET, 1, KNOWN_FLAGS, flags);
        }
        final int hops = bytes[at + HOP_COUNT_OFFSET] & 0xFF;
        if (hops == 0 || hops > MAX_HOPS) {
            return fail(detail, CodecError.BAD_COUNT, "hopCount", HOP_COUNT_OFFSET, 1, MAX_HOPS, hops);
        }
        final int depth = bytes[at + DEPTH_OFFSET] & 0xFF;
        if (depth != hops - 1) {
            return fail(detail, CodecError.BAD_VALUE, "depth", DEPTH_OFFSET, 1, hops - 1, depth);
        }
        final int words = bytes[at + CAPABILITY_WORD_COUNT_OFFSET] & 0xFF;
        if (words > MAX_CAPABILITY_WORDS) {
            return fail(detail, CodecError.BAD_COUNT, "capabilityWordCount", CAPABILITY_WORD_COUNT_OFFSET, 1,
                MAX_CAPABILITY_WORDS, words);
        }
        final int extensions = LittleEndian.getUnsignedShort(bytes, at + EXTENSION_LENGTH_OFFSET);
        if (extensions > MAX_EXTENSION_LENGTH) {
            return fail(detail, CodecError.BAD_VALUE, "extensionLength", EXTENSION_LENGTH_OFFSET, 2,
                MAX_EXTENSION_LENGTH, extensions);
        }
        final long issued = LittleEndian.getLong(bytes, at + ISSUED_AT_OFFSET);
        final long ttl = LittleEndian.getUnsignedInt(bytes, at + TTL_OFFSET);
        if (issued < 0 || issued > Long.MAX_VALUE - ttl) {
            return fail(detail, CodecError.BAD_VALUE, "issuedAt", ISSUED_AT_OFFSET, 8, size, issued);
        }
        return CodecError.OK;
    }

    /**
     * Validates the extensions at relative {@code from}: a non-empty constraint list with
     * {@code FLAG_CONSTRAINTS}, then a budget snapshot with {@code FLAG_BUDGETS}, filling exactly
     * {@code extensions} bytes.
     *
     * @return the relative offset of the budget snapshot (its count byte), or -1 with the failure recorded.
     */
    private int checkExtensions(final byte[] bytes, final int at, final int from, final int extensions,
                                final ErrorDetail given) {
        final ErrorDetail detail = null == given ? scratch : given;
        final int flags = bytes[at + FLAGS_OFFSET] & 0xFF;
        int used = 0;
        if ((flags & FLAG_CONSTRAINTS) != 0) {
            used = constraints.wrapLeading(bytes, at + from, extensions, detail);
            if (used < 0) {
                return -1;
            }
            if (constraints.count() == 0) {
                fail(detail, CodecError.BAD_VALUE, "constraints.count", from, 1, 1, 0);
                return -1;
            }
        }
        final int budgetsFrom = from + used;
        if ((flags & FLAG_BUDGETS) != 0) {
            final int n = used < extensions ? bytes[at + budgetsFrom] & 0xFF : 0;
            if (n == 0 || n > MAX_BUDGETS) {
                fail(detail, CodecError.BAD_COUNT, "budgetCount", budgetsFrom, BUDGET_COUNT_LENGTH, MAX_BUDGETS, n);
                return -1;
            }
            used += BUDGET_COUNT_LENGTH + n * BUDGET_ENTRY_LENGTH;
            if (used <= extensions && !budgetsValid(bytes, at + budgetsFrom + BUDGET_COUNT_LENGTH, n)) {
                fail(detail, CodecError.BAD_VALUE, "budgetEntry", budgetsFrom, used - (budgetsFrom - from), MAX_BUDGETS, n);
                return -1;
            }
        }
        if (used != extensions) {
            fail(detail, CodecError.BAD_LENGTH, "extensionLength", EXTENSION_LENGTH_OFFSET, 2, used, extensions);
            return -1;
        }
        return budgetsFrom;
    }

    /** @return whether {@code n} budget entries from {@code p} have ascending indexes below 8 and remainders of 0 or more. */
    private static boolean budgetsValid(final byte[] bytes, final int p, final int n) {
        int previous = -1;
        for (int i = 0; i < n; i++) {
            final int budget = bytes[p + i * BUDGET_ENTRY_LENGTH] & 0xFF;
            if (budget >= MAX_BUDGETS || budget <= previous || LittleEndian.getLong(bytes, p + i * BUDGET_ENTRY_LENGTH + 1) < 0) {
                return false;
            }
            previous = budget;
        }
        return true;
    }

    private static SignatureSuite suite(final byte[] bytes, final int at) {
        return SignatureSuite.ofCode(bytes[at + SUITE_OFFSET] & 0xFF);
    }

    private static CodecError version(final int version, final ErrorDetail detail) {
        final CodecError error = version == 0 ? CodecError.BAD_VERSION : CodecError.UNSUPPORTED_VERSION;
        return fail(detail, error, "formatVersion", 0, 1, FORMAT_VERSION, version);
    }

    static CodecError fail(final ErrorDetail detail, final CodecError error, final String field, final long at,
                           final long size, final long capacity, final long value) {
        if (null != detail) {
            detail.set(error, field, at, size, capacity, value);
        }
        return error;
    }

    /** @return the wrapped bytes. */
    public byte[] buffer() {
        return buffer;
    }

    /** @return where the warrant starts. */
    public int offset() {
        return offset;
    }

    /** @return bytes of the warrant, tag included. */
    public int length() {
        return length;
    }

    /** @return the signing suite. */
    public SignatureSuite suite() {
        return suite;
    }

    /** @return bytes covered by the tag. */
    public int unsignedLength() {
        return length - suite.tagLength();
    }

    /** @return wire flags. */
    public int flags() {
        return buffer[offset + FLAGS_OFFSET] & 0xFF;
    }

    /** @return delegations from the root (hop count minus one). */
    public int depth() {
        return buffer[offset + DEPTH_OFFSET] & 0xFF;
    }

    /** @return id of the signing key. */
    public int keyId() {
        return LittleEndian.getUnsignedShort(buffer, offset + KEY_ID_OFFSET);
    }

    /** @return fingerprint of the issuing policy's layout. */
    public long layoutFingerprint() {
        return LittleEndian.getLong(buffer, offset + LAYOUT_FINGERPRINT_OFFSET);
    }

    /** @return the issuing policy version's id. */
    public long policyVersion() {
        return LittleEndian.getLong(buffer, offset + POLICY_VERSION_OFFSET);
    }

    /** @return epoch millis of issue. */
    public long issuedAt() {
        return LittleEndian.getLong(buffer, offset + ISSUED_AT_OFFSET);
    }

    /** @return epoch millis from which the warrant is expired. */
    public long expiresAt() {
        return issuedAt() + LittleEndian.getUnsignedInt(buffer, offset + TTL_OFFSET);
    }

    /** @return purpose number in the policy. */
    public int purpose() {
        return LittleEndian.getUnsignedShort(buffer, offset + PURPOSE_OFFSET);
    }

    /** @return data-class bitset. */
    public long dataClasses() {
        return LittleEndian.getLong(buffer, offset + DATA_CLASSES_OFFSET);
    }

    /** @return first half of the principal's id. */
    public long principalHigh() {
        return LittleEndian.getLong(buffer, offset + PRINCIPAL_OFFSET);
    }

    /** @return second half of the principal's id. */
    public long principalLow() {
        return LittleEndian.getLong(buffer, offset + PRINCIPAL_OFFSET + 8);
    }

    /** @return whether the holder's key is carried and presentations need a proof of possession. */
    public boolean proofRequired() {
        return (flags() & FLAG_PROOF_REQUIRED) != 0;
    }

    /** @return offset in {@link #buffer()} of the holder's 32-byte Ed25519 key; only with a proof required. */
    public int holderKeyIndex() {
        return offset + BLOCK_LENGTH;
    }

    /** @return capability words carried (trimmed). */
    public int capabilityWordCount() {
        return buffer[offset + CAPABILITY_WORD_COUNT_OFFSET] & 0xFF;
    }

    /**
     * @param index word index, below {@link #capabilityWordCount()}.
     * @return the word.
     */
    public long capabilityWord(final int index) {
        return LittleEndian.getLong(buffer, capabilitiesAt + index * CAPABILITY_WORD_LENGTH);
    }

    /**
     * @param bit capability number, 0 or more.
     * @return whether the warrant grants it.
     */
    public boolean hasCapability(final int bit) {
        final int word = bit >>> 6;
        return bit >= 0 && word < capabilityWordCount() && (capabilityWord(word) & (1L << bit)) != 0;
    }

    /** @return hops, root first, this grant last. */
    public int hopCount() {
        return buffer[offset + HOP_COUNT_OFFSET] & 0xFF;
    }

    /**
     * @param hop 0 (root) .. {@link #hopCount()} - 1 (this grant).
     * @return the hop's grant id.
     */
    public long hopGrantId(final int hop) {
        return LittleEndian.getLong(buffer, hopsAt + hop * HOP_LENGTH);
    }

    /**
     * @param hop hop index.
     * @return the engine that issued the hop's grant.
     */
    public int hopEngineId(final int hop) {
        return LittleEndian.getInt(buffer, hopsAt + hop * HOP_LENGTH + HOP_ENGINE_AT);
    }

    /**
     * @param hop hop index.
     * @return first half of the hop holder's id.
     */
    public long hopHolderHigh(final int hop) {
        return LittleEndian.getLong(buffer, hopsAt + hop * HOP_LENGTH + HOP_HOLDER_AT);
    }

    /**
     * @param hop hop index.
     * @return second half of the hop holder's id.
     */
    public long hopHolderLow(final int hop) {
        return LittleEndian.getLong(buffer, hopsAt + hop * HOP_LENGTH + HOP_HOLDER_AT + 8);
    }

    /** @return this grant's id (the last hop's). */
    public long grantId() {
        return hopGrantId(hopCount() - 1);
    }

    /** @return the issuing engine (the last hop's), which signed the warrant. */
    public int engineId() {
        return hopEngineId(hopCount() - 1);
    }

    /** @return whether the warrant carries argument constraints ({@code FLAG_CONSTRAINTS}). */
    public boolean hasConstraints() {
        return (flags() & FLAG_CONSTRAINTS) != 0;
    }

    /**
     * The argument constraints the warrant carries, arguments by index in the policy's declaration order.
     *
     * @return the constraint list, wrapped and validated (no entry when {@link #hasConstraints()} is false).
     */
    public ConstraintsDecoder constraints() {
        return constraints;
    }

    /** @return bytes of the extensions (constraint list and budget snapshot). */
    public int extensionLength() {
        return LittleEndian.getUnsignedShort(buffer, offset + EXTENSION_LENGTH_OFFSET);
    }

    /** @return budgets whose remainder at issue time the warrant carries, 0..8. */
    public int budgetCount() {
        return (flags() & FLAG_BUDGETS) == 0 ? 0 : buffer[budgetsAt] & 0xFF;
    }

    /**
     * @param i 0..{@link #budgetCount()} - 1.
     * @return the budget's index in the policy's declaration order.
     */
    public int budget(final int i) {
        return buffer[budgetsAt + BUDGET_COUNT_LENGTH + i * BUDGET_ENTRY_LENGTH] & 0xFF;
    }

    /**
     * @param i 0..{@link #budgetCount()} - 1.
     * @return the budget's remainder when the warrant was issued (advisory: the issuing engine's ledger
     *     is the authority).
     */
    public long budgetRemaining(final int i) {
        return LittleEndian.getLong(buffer, budgetsAt + BUDGET_COUNT_LENGTH + i * BUDGET_ENTRY_LENGTH + 1);
    }

    /** @return first half of the holder's id (the last hop's holder). */
    public long holderHigh() {
        return hopHolderHigh(hopCount() - 1);
    }

    /** @return second half of the holder's id. */
    public long holderLow() {
        return hopHolderLow(hopCount() - 1);
    }
}
