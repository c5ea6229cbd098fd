package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a DECISION body with compact children ({@link DecisionBodyLayout}, {@link CompactDecisionLayout})
 * straight into the journal's packed form: the bytes are exactly {@code BodyPacker.pack} of what a {@link
 * DecisionBodyEncoder} with {@link DecisionBodyEncoder#compactChildForEveryField compact children} writes for
 * the same fields, packed against the previous body this encoder packed (or against nothing). The stored
 * form, and every reader, are the same; the engine thread only skips writing the body, reading it back to
 * pack it, and keeping a copy as the next base ({@link WordPacker}).
 *
 * <p>The fields are set as on the two encoders it mirrors, with the same checks, in any order within a part;
 * the body's fields and {@link #children} before the first {@link #child}, each child's fixed fields before
 * its sections, and the sections in layout order (scope, input digest, output digest, justification). A child
 * is written when the next one starts or at {@link #end()}: the arrays given to {@link #scope} and the
 * digests are read then, not copied when given.
 *
 * <p><b>Note:</b> not thread-safe; allocates nothing after construction (a failed check's exception does).
 */
public final class PackedDecisionBodyEncoder {
    /** An i32 field's four bytes, as an unsigned long. */
    private static final long M = 0xFFFF_FFFFL;
    private final WordPacker packer = new WordPacker();
    /** A part's words, composed before they are given: the body's block, a child's header and block. */
    private final long[] fixed = new long[9];
    private final UnsafeBuffer textBuffer =
        new UnsafeBuffer(new byte[VarBytes.LENGTH_PREFIX + CompactDecisionLayout.MAX_JUSTIFICATION_LENGTH]);
    private String lastText;
    private int lastTextLength;

    private int operation;
    private int bodyFlags;
    private int refusedBefore;
    private int principal;
    private int presenter;
    private int purpose;
    private int rule;
    private int capability;
    private int dataClass;
    private int childCount;
    private long requestId;
    private long bodyGrantId;
    private long ttlMillis;
    private int started;
    private boolean childOpen;

    private int ruleId;
    private int outcome;
    private int depth;
    private int reasonCode;
    private int flags;
    private int sections;
    private long decisionId;
    private long timestamp;
    private long policyVersion;
    private long grantId;
    private long parentGrantId;
    private long expiresAt;
    private int ruleLine;
    private int decidingCapability;
    private int decidingDataClass;
    private int subject;
    private int stage;
    private long grantedData;
    private long requestedData;
    private long[] granted;
    private int grantedWords;
    private long[] requested;
    private int requestedWords;
    private byte[] inputDigest;
    private int inputOffset;
    private byte[] outputDigest;
    private int outputOffset;
    /** Bytes of the child's justification in {@link #textBuffer} (its length prefix included), or 0: empty. */
    private int textLength;

    /**
     * Starts a body, its fields all zero.
     *
     * @param out   where the packed body goes: at least {@code JournalRecordLayout.MAX_BODY_LENGTH + 8} bytes
     *              from {@code at}.
     * @param at    offset in {@code out}.
     * @param delta whether to pack it against the previous body this encoder ended (false: against nothing).
     * @return this.
     */
    public PackedDecisionBodyEncoder begin(final byte[] out, final int at, final boolean delta) {
        packer.begin(out, at, delta);
        operation = 0;
        bodyFlags = 0;
        refusedBefore = 0;
        principal = 0;
        presenter = 0;
        purpose = 0;
        rule = 0;
        capability = 0;
        dataClass = 0;
        childCount = -1;
        requestId = 0;
        bodyGrantId = 0;
        ttlMillis = 0;
        started = 0;
        childOpen = false;
        return this;
    }

    /**
     * Packs a body already encoded (any DECISION body, compact or not), as {@link #end()} then does.
     *
     * @param src    heap buffer holding it.
     * @param offset of it.
     * @param length of it.
     * @return the packed length, or -1: store it as it is.
     */
    public int packEncoded(final DirectBuffer src, final int offset, final int length) {
        final byte[] array = src.byteArray();
        if (array == null) {
            throw new IllegalArgumentException("PackedDecisionBodyEncoder packs heap buffers only");
        }
        Bounds.requireCapacity(src, offset, length);
        packer.putBytes(array, src.wrapAdjustment() + offset, length);
        return packer.end();
    }

    /** @see DecisionBodyEncoder#operation */
    public PackedDecisionBodyEncoder operation(final Operation operation) {
        this.operation = DecisionBodyLayout.operationCode(operation);
        return this;
    }

    /** @see DecisionBodyEncoder#approve */
    public PackedDecisionBodyEncoder approve(final boolean approve) {
        bodyFlags = approve ? bodyFlags | DecisionBodyLayout.FLAG_APPROVE : bodyFlags & ~DecisionBodyLayout.FLAG_APPROVE;
        return this;
    }

    /** @see DecisionBodyEncoder#viaWarrant */
    public PackedDecisionBodyEncoder viaWarrant(final boolean viaWarrant) {
        bodyFlags = viaWarrant ? bodyFlags | DecisionBodyLayout.FLAG_VIA_WARRANT
            : bodyFlags & ~DecisionBodyLayout.FLAG_VIA_WARRANT;
        return this;
    }

    /** @see DecisionBodyEncoder#refusedBefore */
    public PackedDecisionBodyEncoder refusedBefore(final int reasonCode) {
        if (reasonCode < 0 || reasonCode > 0xFFFF) {
            throw new IllegalArgumentException("refusedBefore=" + reasonCode + " bound=65535");
        }
        refusedBefore = reasonCode;
        return this;
    }

    /** @see DecisionBodyEncoder#principal */
    public PackedDecisionBodyEncoder principal(final int principal) {
        this.principal = principal;
        return this;
    }

    /** @see DecisionBodyEncoder#presenter */
    public PackedDecisionBodyEncoder presenter(final int presenter) {
        this.presenter = presenter;
        return this;
    }

    /** @see DecisionBodyEncoder#purpose */
    public PackedDecisionBodyEncoder purpose(final int purpose) {
        this.purpose = purpose;
        return this;
    }

    /** @see DecisionBodyEncoder#rule */
    public PackedDecisionBodyEncoder rule(final int rule) {
        this.rule = rule;
        return this;
    }

    /** @see DecisionBodyEncoder#capability */
    public PackedDecisionBodyEncoder capability(final int capability) {
        this.capability = capability;
        return this;
    }

    /** @see DecisionBodyEncoder#dataClass */
    public PackedDecisionBodyEncoder dataClass(final int dataClass) {
        this.dataClass = dataClass;
        return this;
    }

    /** @see DecisionBodyEncoder#requestId */
    public PackedDecisionBodyEncoder requestId(final long requestId) {
        this.requestId = requestId;
        return this;
    }

    /** @see DecisionBodyEncoder#grantId */
    public PackedDecisionBodyEncoder grantId(final long grantId) {
        this.bodyGrantId = grantId;
        return this;
    }

    /** @see DecisionBodyEncoder#ttlMillis */
    public PackedDecisionBodyEncoder ttlMillis(final long ttlMillis) {
        this.ttlMillis = ttlMillis;
        return this;
    }

    /**
     * Says how many children the body has ({@code childCount} is written before the first): exactly that
     * many {@link #child} calls must follow.
     *
     * @param count 1..{@value DecisionBodyLayout#MAX_CHILDREN}.
     * @return this.
     */
    public PackedDecisionBodyEncoder children(final int count) {
        if (count < 1 || count > DecisionBodyLayout.MAX_CHILDREN) {
            throw new IllegalArgumentException("a decision body holds 1 to " + DecisionBodyLayout.MAX_CHILDREN
                + " children, not " + count);
        }
        childCount = count;
        return this;
    }

    /**
     * Starts the next child, a compact decision with every field zero (the deciding capability and data class
     * {@code NONE}), writing the one before it (or the body's fields, before the first).
     *
     * @see DecisionBodyEncoder#compactChildForEveryField
     * @return this.
     */
    public PackedDecisionBodyEncoder child(final int ruleId) {
        if (started == 0) {
            if (childCount < 0) {
                throw new IllegalStateException("children(count) comes before the first child");
            }
            putBlock();
        } else {
            putChild();
        }
        if (started == childCount) {
            throw new IllegalStateException("more children than the " + childCount + " announced");
        }
        started++;
        childOpen = true;
        this.ruleId = ruleId;
        outcome = 0;
        depth = 0;
        reasonCode = 0;
        flags = 0;
        sections = 0;
        decisionId = 0;
        timestamp = 0;
        policyVersion = 0;
        grantId = 0;
        parentGrantId = 0;
        expiresAt = 0;
        ruleLine = 0;
        decidingCapability = DecisionLayout.NONE;
        decidingDataClass = DecisionLayout.NONE;
        subject = 0;
        stage = 0;
        textLength = 0;
        return this;
    }

    /** @see CompactDecisionEncoder#outcome */
    public PackedDecisionBodyEncoder outcome(final DecisionOutcome outcome) {
        this.outcome = DecisionValues.outcomeCode(outcome);
        return this;
    }

    /** @see CompactDecisionEncoder#depth */
    public PackedDecisionBodyEncoder depth(final int depth) {
        this.depth = DecisionValues.depth(depth);
        return this;
    }

    /** @see CompactDecisionEncoder#reasonCode */
    public PackedDecisionBodyEncoder reasonCode(final int reasonCode) {
        this.reasonCode = DecisionValues.u16(reasonCode, "reasonCode");
        return this;
    }

    /** @see CompactDecisionEncoder#flags */
    public PackedDecisionBodyEncoder flags(final int flags) {
        this.flags = DecisionValues.u16(flags, "flags");
        return this;
    }

    /** @see CompactDecisionEncoder#decisionId */
    public PackedDecisionBodyEncoder decisionId(final long id) {
        this.decisionId = id;
        return this;
    }

    /** @see CompactDecisionEncoder#timestamp */
    public PackedDecisionBodyEncoder timestamp(final long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** @see CompactDecisionEncoder#policyVersion */
    public PackedDecisionBodyEncoder policyVersion(final long policyVersion) {
        this.policyVersion = policyVersion;
        return this;
    }

    /** The child's grant. @see CompactDecisionEncoder#grantId */
    public PackedDecisionBodyEncoder childGrantId(final long grantId) {
        this.grantId = grantId;
        return this;
    }

    /** @see CompactDecisionEncoder#parentGrantId */
    public PackedDecisionBodyEncoder parentGrantId(final long parentGrantId) {
        this.parentGrantId = parentGrantId;
        return this;
    }

    /** @see CompactDecisionEncoder#expiresAt */
    public PackedDecisionBodyEncoder expiresAt(final long expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    /** @see CompactDecisionEncoder#ruleLine */
    public PackedDecisionBodyEncoder ruleLine(final int line) {
        this.ruleLine = line;
        return this;
    }

    /** @see CompactDecisionEncoder#decidingCapability */
    public PackedDecisionBodyEncoder decidingCapability(final int capability) {
        this.decidingCapability = capability;
        return this;
    }

    /** @see CompactDecisionEncoder#decidingDataClass */
    public PackedDecisionBodyEncoder decidingDataClass(final int dataClass) {
        this.decidingDataClass = dataClass;
        return this;
    }

    /** @see CompactDecisionEncoder#subject */
    public PackedDecisionBodyEncoder subject(final int subject) {
        this.subject = subject;
        return this;
    }

    /**
     * The arrays are read when the child is written (the next {@link #child} or {@link #end()}).
     *
     * @see CompactDecisionEncoder#scope
     */
    public PackedDecisionBodyEncoder scope(final long grantedData, final long requestedData, final long[] granted,
                                           final int grantedCount, final long[] requested, final int requestedCount) {
        advanceTo(0);
        final int g = ScopeWords.trimmedCount(granted, grantedCount);
        final int r = ScopeWords.trimmedCount(requested, requestedCount);
        if (grantedData != 0 || requestedData != 0 || g != 0 || r != 0) {
            this.grantedData = grantedData;
            this.requestedData = requestedData;
            this.granted = granted;
            this.grantedWords = g;
            this.requested = requested;
            this.requestedWords = r;
            sections |= CompactDecisionLayout.SECTION_SCOPE;
        }
        stage = 1;
        return this;
    }

    /** The digest is read when the child is written. @see CompactDecisionEncoder#inputDigest */
    public PackedDecisionBodyEncoder inputDigest(final byte[] src, final int off) {
        advanceTo(1);
        if (CompactDecisionEncoder.isPresent(src, off, CompactDecisionLayout.INPUT_DIGEST_LENGTH)) {
            inputDigest = src;
            inputOffset = off;
            sections |= CompactDecisionLayout.SECTION_INPUT_DIGEST;
        }
        stage = 2;
        return this;
    }

    /** The digest is read when the child is written. @see CompactDecisionEncoder#outputDigest */
    public PackedDecisionBodyEncoder outputDigest(final byte[] src, final int off) {
        advanceTo(2);
        if (CompactDecisionEncoder.isPresent(src, off, CompactDecisionLayout.OUTPUT_DIGEST_LENGTH)) {
            outputDigest = src;
            outputOffset = off;
            sections |= CompactDecisionLayout.SECTION_OUTPUT_DIGEST;
        }
        stage = 3;
        return this;
    }

    /** @see CompactDecisionEncoder#justification */
    public PackedDecisionBodyEncoder justification(final CharSequence text) {
        advanceTo(3);
        if (text.length() == 0) {
            textLength = 0;
        } else if (text == lastText) { // the same String as last time: its bytes are still in the buffer
            textLength = lastTextLength;
        } else {
            lastText = null; // the buffer is rewritten below, and a failure leaves it part-written
            textLength = Utf8Text.put(textBuffer, 0, text);
            if (text instanceof String) { // immutable: the same object always encodes to the same bytes
                lastText = (String)text;
                lastTextLength = textLength;
            }
        }
        stage = 4;
        return this;
    }

    /**
     * Ends the body: writes its last child and packs its last word.
     *
     * @return the packed length (written at {@link #begin}'s offset), or -1: store the body as it is
     *     ({@link #copyBody}): its packed form is no shorter.
     */
    public int end() {
        if (started != childCount) {
            throw new IllegalStateException(started + " children of the " + childCount + " announced");
        }
        putChild();
        return packer.end();
    }

    /** @return the length of the body {@link #end()} or {@link #packEncoded} ended. */
    public int length() {
        return packer.length();
    }

    /** Writes the body {@link #end()} ended as it is: {@link #length()} bytes at {@code at} (and up to 7 zeros after). */
    public void copyBody(final byte[] dst, final int at) {
        packer.copyBody(dst, at);
    }

    /** The body's fixed block: 56 bytes, the body's first seven words. */
    private void putBlock() {
        final long[] w = fixed;
        w[0] = operation | bodyFlags << 8 | (long)refusedBefore << 16 | (principal & M) << 32;
        w[1] = presenter & M | (purpose & M) << 32;
        w[2] = rule & M | (capability & M) << 32;
        w[3] = dataClass & M | (long)childCount << 32; // childCount (u8), then 3 reserved zero bytes
        w[4] = requestId;
        w[5] = bodyGrantId;
        w[6] = ttlMillis;
        packer.putWords(w, 7);
    }

    /**
     * A child: its header (ruleId, decisionLength) and compact block, 78 bytes laid out as ten words from the
     * child's start (the last one six bytes), each 8-byte field from byte 14 on split across two of them; then
     * its sections and justification.
     */
    private void putChild() {
        if (!childOpen) {
            return;
        }
        childOpen = false;
        int length = CompactDecisionLayout.MIN_LENGTH + (textLength == 0 ? 0 : textLength - VarBytes.LENGTH_PREFIX);
        if ((sections & CompactDecisionLayout.SECTION_SCOPE) != 0) {
            length += CompactDecisionLayout.GRANTED_DATA_LENGTH + CompactDecisionLayout.REQUESTED_DATA_LENGTH
                + ScopeWords.encodedLength(grantedWords) + ScopeWords.encodedLength(requestedWords);
        }
        if ((sections & CompactDecisionLayout.SECTION_INPUT_DIGEST) != 0) {
            length += CompactDecisionLayout.INPUT_DIGEST_LENGTH;
        }
        if ((sections & CompactDecisionLayout.SECTION_OUTPUT_DIGEST) != 0) {
            length += CompactDecisionLayout.OUTPUT_DIGEST_LENGTH;
        }
        final long[] w = fixed;
        w[0] = ruleId & M | (long)length << 32 | (long)outcome << 48 | (long)depth << 56;
        w[1] = reasonCode | (long)flags << 16 | (long)sections << 32 | decisionId << 48; // reserved (byte 13) is 0
        w[2] = decisionId >>> 16 | timestamp << 48;
        w[3] = timestamp >>> 16 | policyVersion << 48;
        w[4] = policyVersion >>> 16 | grantId << 48;
        w[5] = grantId >>> 16 | parentGrantId << 48;
        w[6] = parentGrantId >>> 16 | expiresAt << 48;
        w[7] = expiresAt >>> 16 | (ruleLine & M) << 48;
        w[8] = (ruleLine & M) >>> 16 | (decidingCapability & M) << 16 | (decidingDataClass & M) << 48;
        final WordPacker p = packer;
        p.putWords(w, 9);
        p.put((decidingDataClass & M) >>> 16 | (subject & M) << 16, 6);
        if ((sections & CompactDecisionLayout.SECTION_SCOPE) != 0) {
            w[0] = grantedData;
            w[1] = requestedData;
            p.putWords(w, 2);
            putWords(granted, grantedWords);
            putWords(requested, requestedWords);
        }
        if ((sections & CompactDecisionLayout.SECTION_INPUT_DIGEST) != 0) {
            p.putBytes(inputDigest, inputOffset, CompactDecisionLayout.INPUT_DIGEST_LENGTH);
        }
        if ((sections & CompactDecisionLayout.SECTION_OUTPUT_DIGEST) != 0) {
            p.putBytes(outputDigest, outputOffset, CompactDecisionLayout.OUTPUT_DIGEST_LENGTH);
        }
        if (textLength == 0) {
            p.put(0, VarBytes.LENGTH_PREFIX);
        } else {
            p.putBytes(textBuffer.byteArray(), 0, textLength);
        }
    }

    private void putWords(final long[] words, final int count) {
        packer.put(count, 1);
        packer.putWords(words, count);
    }

    private void advanceTo(final int target) {
        if (!childOpen) {
            throw new IllegalStateException("a child's parts come after child(ruleId)");
        }
        if (stage > target) {
            throw new IllegalStateException(
                "compact decision parts out of order: scope, inputDigest, outputDigest, justification");
        }
    }
}
