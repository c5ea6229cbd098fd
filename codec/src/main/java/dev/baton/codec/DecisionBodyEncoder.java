package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.DecisionBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.CAPABILITY_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.CHILD_COUNT_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.CHILD_HEADER_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.DATA_CLASS_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.FLAGS_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.FLAG_APPROVE;
import static dev.baton.codec.DecisionBodyLayout.FLAG_VIA_WARRANT;
import static dev.baton.codec.DecisionBodyLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.MAX_CHILDREN;
import static dev.baton.codec.DecisionBodyLayout.MAX_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.OPERATION_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PRESENTER_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PURPOSE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.REFUSED_BEFORE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.RULE_ID_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.RULE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.TTL_MILLIS_OFFSET;

/**
 * Writes the body of a DECISION journal record (layout in {@link DecisionBodyLayout}): the request's
 * fixed fields in any order, then each child with {@link #child(int)}, which returns the child's
 * {@link DecisionEncoder} to fill (or each with {@link #compactChildForEveryField(int)}, for the journal's compact
 * form), then {@link #encodedLength()}. Size the children with {@link
 * #childLength(int, int)}: a body never exceeds {@link DecisionBodyLayout#MAX_LENGTH}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class DecisionBodyEncoder {
    private final DecisionEncoder decision = new DecisionEncoder();
    private final CompactDecisionEncoder compact = new CompactDecisionEncoder();
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int childCount;
    /** Where the child being filled starts, or -1. */
    private int openChild;
    /** Whether the children are compact decisions (a body's are all one form or all the other). */
    private boolean compactChildren;

    /**
     * @param capabilityWords     words of the child's requested scope (the granted scope is never wider).
     * @param justificationLength UTF-8 bytes of its justification.
     * @return the most bytes such a child takes in a body, header included.
     */
    public static int childLength(final int capabilityWords, final int justificationLength) {
        return CHILD_HEADER_LENGTH + DecisionLayout.MIN_LENGTH
            + capabilityWords * (DecisionLayout.GRANTED_WORD_LENGTH + DecisionLayout.REQUESTED_WORD_LENGTH)
            + justificationLength;
    }

    /**
     * Attaches to a buffer and zeroes the fixed block.
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public DecisionBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.childCount = 0;
        this.openChild = -1;
        this.compactChildren = false;
        buffer.setMemory(offset, BLOCK_LENGTH, (byte)0);
        return this;
    }

    /**
     * @param operation the request's; not UNKNOWN.
     * @return this for chaining.
     */
    public DecisionBodyEncoder operation(final Operation operation) {
        buffer.putByte(offset + OPERATION_OFFSET, (byte)DecisionBodyLayout.operationCode(operation));
        return this;
    }

    /**
     * @param approve whether a review approved.
     * @return this for chaining.
     */
    public DecisionBodyEncoder approve(final boolean approve) {
        return flag(FLAG_APPROVE, approve);
    }

    /**
     * @param viaWarrant whether the grant was presented as warrant bytes.
     * @return this for chaining.
     */
    public DecisionBodyEncoder viaWarrant(final boolean viaWarrant) {
        return flag(FLAG_VIA_WARRANT, viaWarrant);
    }

    /**
     * @param reasonCode the engine's reason for a refusal taken before the decision core ran, 0..65535;
     *                   0 when the core decided.
     * @return this for chaining.
     */
    public DecisionBodyEncoder refusedBefore(final int reasonCode) {
        if (reasonCode < 0 || reasonCode > 0xFFFF) {
            throw new IllegalArgumentException("refusedBefore=" + reasonCode + " bound=65535");
        }
        buffer.putShort(offset + REFUSED_BEFORE_OFFSET, (short)reasonCode, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param principal the opener, the reviewer, or the actor of a revoke or close.
     * @return this for chaining.
     */
    public DecisionBodyEncoder principal(final int principal) {
        return putInt(PRINCIPAL_OFFSET, principal);
    }

    /**
     * @param presenter the identity presenting the grant.
     * @return this for chaining.
     */
    public DecisionBodyEncoder presenter(final int presenter) {
        return putInt(PRESENTER_OFFSET, presenter);
    }

    /**
     * @param purpose purpose index of an open or break-glass.
     * @return this for chaining.
     */
    public DecisionBodyEncoder purpose(final int purpose) {
        return putInt(PURPOSE_OFFSET, purpose);
    }

    /**
     * @param rule break-glass rule index.
     * @return this for chaining.
     */
    public DecisionBodyEncoder rule(final int rule) {
        return putInt(RULE_OFFSET, rule);
    }

    /**
     * @param capability capability index of an authorize.
     * @return this for chaining.
     */
    public DecisionBodyEncoder capability(final int capability) {
        return putInt(CAPABILITY_OFFSET, capability);
    }

    /**
     * @param dataClass data-class index of an authorize.
     * @return this for chaining.
     */
    public DecisionBodyEncoder dataClass(final int dataClass) {
        return putInt(DATA_CLASS_OFFSET, dataClass);
    }

    /**
     * @param requestId the caller's request id.
     * @return this for chaining.
     */
    public DecisionBodyEncoder requestId(final long requestId) {
        return putLong(REQUEST_ID_OFFSET, requestId);
    }

    /**
     * @param grantId the grant used or acted on.
     * @return this for chaining.
     */
    public DecisionBodyEncoder grantId(final long grantId) {
        return putLong(GRANT_ID_OFFSET, grantId);
    }

    /**
     * @param ttlMillis requested life of a break-glass grant.
     * @return this for chaining.
     */
    public DecisionBodyEncoder ttlMillis(final long ttlMillis) {
        return putLong(TTL_MILLIS_OFFSET, ttlMillis);
    }

    /**
     * Ends the child being filled, if any, and starts the next one.
     *
     * @param ruleId the engine's id of the child's deciding rule, -1 none.
     * @return the child's decision encoder, wrapped where the decision goes; fill it before the next
     *     call on this encoder.
     * @throws IllegalStateException past {@link DecisionBodyLayout#MAX_CHILDREN} children.
     */
    public DecisionEncoder child(final int ruleId) {
        return decision.wrap(buffer, startChild(fullChild(ruleId)));
    }

    /**
     * As {@link #child}, for a caller that sets every fixed field of the child's decision: its block is not
     * zeroed first ({@link DecisionEncoder#wrapForEveryField}).
     *
     * @param ruleId the engine's id of the child's deciding rule, -1 none.
     * @return the child's decision encoder; fill every fixed field and then the variable part.
     */
    public DecisionEncoder childForEveryField(final int ruleId) {
        return decision.wrapForEveryField(buffer, startChild(fullChild(ruleId)));
    }

    /** @return {@code ruleId}, once sure this body's children are full decisions. */
    private int fullChild(final int ruleId) {
        if (compactChildren) {
            throw new IllegalStateException("a decision body's children are all compact or none is");
        }
        return ruleId;
    }

    /**
     * As {@link #childForEveryField}, for the journal's compact form ({@link CompactDecisionLayout}, stored under
     * {@link JournalRecordLayout#FLAG_COMPACT}): the child's decision is a compact decision. A body's children
     * are all compact or none is.
     *
     * @param ruleId the engine's id of the child's deciding rule, -1 none.
     * @return the child's compact decision encoder; fill every fixed field and then the sections.
     * @throws IllegalStateException if a child of this body is not compact.
     */
    public CompactDecisionEncoder compactChildForEveryField(final int ruleId) {
        if (childCount > 0 && !compactChildren) {
            throw new IllegalStateException("a decision body's children are all compact or none is");
        }
        compactChildren = true;
        final int at = startChild(ruleId);
        return compact.wrapForEveryField(buffer, at);
    }

    /** Ends the open child, writes the next one's header; @return where its decision goes. */
    private int startChild(final int ruleId) {
        endChild();
        if (childCount == MAX_CHILDREN) {
            throw new IllegalStateException("a decision body holds at most " + MAX_CHILDREN + " children");
        }
        Bounds.requireCapacity(buffer, limit, CHILD_HEADER_LENGTH);
        buffer.putInt(limit, ruleId, ByteOrder.LITTLE_ENDIAN);
        openChild = limit;
        childCount++;
        buffer.putByte(offset + CHILD_COUNT_OFFSET, (byte)childCount);
        return limit + CHILD_HEADER_LENGTH;
    }

    /**
     * @return length of the body, ending the last child.
     * @throws IllegalStateException if no child was written.
     * @throws IllegalArgumentException if the body exceeds {@link DecisionBodyLayout#MAX_LENGTH}.
     */
    public int encodedLength() {
        endChild();
        if (childCount == 0) {
            throw new IllegalStateException("a decision body needs at least one child");
        }
        return limit - offset;
    }

    private void endChild() {
        if (openChild < 0) {
            return;
        }
        final int length = compactChildren ? compact.encodedLength() : decision.encodedLength();
        buffer.putShort(openChild + RULE_ID_LENGTH, (short)length, ByteOrder.LITTLE_ENDIAN);
        limit = openChild + CHILD_HEADER_LENGTH + length;
        openChild = -1;
        if (limit - offset > MAX_LENGTH) {
            throw new IllegalArgumentException("decision body length=" + (limit - offset) + " bound=" + MAX_LENGTH
                + " children=" + childCount);
        }
    }

    private DecisionBodyEncoder flag(final int bit, final boolean set) {
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        buffer.putByte(offset + FLAGS_OFFSET, (byte)(set ? flags | bit : flags & ~bit));
        return this;
    }

    private DecisionBodyEncoder putInt(final int at, final int value) {
        buffer.putInt(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private DecisionBodyEncoder putLong(final int at, final long value) {
        buffer.putLong(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }
}
