package dev.baton.engine;

import dev.baton.Argument;
import dev.baton.ToolArguments;
import dev.baton.codec.ArgumentsBodyDecoder;
import dev.baton.codec.ArgumentsBodyEncoder;
import dev.baton.codec.ArgumentsBodyLayout;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyNames;
import dev.baton.core.ScopeBits;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ARGUMENTS journal record of a {@link Request} (the codec's {@code ArgumentsBodyLayout}): the call's
 * typed arguments as the caller gave them, by argument index under the policy that decided, the budget slices
 * and the argument constraints its children's requested scopes asked for, written just
 * before the request's DECISION record; and, for replay and what-if, read back into a request so that its
 * constraints are checked again on the same values.
 * <p>
 * <b>Note:</b> not thread-safe (one per engine thread or journal reader); allocation-free after construction.
 */
final class ArgumentsRecord {
    private final ArgumentsBodyEncoder encoder = new ArgumentsBodyEncoder();
    private final ArgumentsBodyDecoder decoder = new ArgumentsBodyDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);
    private final byte[] bytes = new byte[ToolArguments.MAX_BYTES];
    /** The body held until its DECISION: a reader may reuse its buffer for the next record. */
    private final UnsafeBuffer heldBody = new UnsafeBuffer(new byte[ArgumentsBodyLayout.MAX_LENGTH]);
    private boolean held;
    /** A child's requested constraints as a constraint list. */
    private final byte[] list = new byte[dev.baton.codec.ConstraintsLayout.MAX_LENGTH];
    private final RequestedConstraintList constraints = new RequestedConstraintList();

    /**
     * Encodes the arguments {@code r} carries, if any.
     *
     * @param policy the policy that decided {@code r}: its argument indices are recorded.
     * @return bytes written, or 0 when the request carries nothing to record (no record is written).
     */
    int encode(final Request r, final CompiledPolicy policy, final MutableDirectBuffer dst, final int at) {
        final ToolArguments args = r.arguments;
        if (args.size() == 0 && !hasScopeState(r)) {
            return 0;
        }
        encoder.wrap(dst, at).requestId(r.requestId);
        source.wrap(args.buffer());
        for (int i = 0; i < args.size(); i++) {
            final int index = PolicyNames.rebind(args.argument(i), policy);
            if (index < 0) {
                continue; // an argument this policy does not declare: never checked, so nothing to replay
            }
            if (args.isNumber(i)) {
                encoder.number(index, args.scale(i), args.number(i));
            } else {
                encoder.bytes(index, source, args.offset(i), args.length(i));
            }
        }
        for (int child = 0; child < r.children; child++) {
            final ScopeBits scope = r.scopes[child];
            for (int m = scope.sliceMask(); m != 0; m &= m - 1) {
                final int k = Integer.numberOfTrailingZeros(m);
                final int b = scope.policy() == policy ? k : policy.budgets().indexOf(scope.policy().budgets().name(k));
                if (b >= 0) { // a budget the deciding policy lacks was refused, and is not asked again on replay
                    encoder.slice(child, b, scope.slice(k));
                }
            }
        }
        for (int child = 0; child < r.children; child++) {
            final int n = r.scopes[child] == null ? 0 : constraints.write(r.scopes[child], policy, list);
            if (n > 0) {
                encoder.constraints(child, list, 0, n);
            }
        }
        return encoder.encodedLength();
    }

    /** @return whether a child's requested scope carries a budget slice or argument constraints. */
    private static boolean hasScopeState(final Request r) {
        for (int child = 0; child < r.children; child++) {
            final ScopeBits scope = r.scopes[child];
            if (scope != null && (scope.sliceMask() != 0 || scope.constraintCount() != 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a body and holds it until {@link #applyTo} the DECISION record that follows.
     *
     * @return false, with {@link #error()}, if the body is malformed.
     */
    boolean read(final DirectBuffer body, final int offset, final int length) {
        if (length < 0 || length > heldBody.capacity()) {
            held = false;
            detail.set(CodecError.BAD_LENGTH, "arguments body", 0, length, heldBody.capacity(), length);
            return false;
        }
        heldBody.putBytes(0, body, offset, length);
        held = decoder.wrap(heldBody, 0, length, detail) == CodecError.OK;
        return held;
    }

    /** @return what was wrong with the last body that failed to read. */
    String error() {
        return detail.message();
    }

    /**
     * Fills {@code r}'s arguments (after its reset) from the body held, if it belongs to {@code r}'s request
     * id; forgets the body either way, since an ARGUMENTS record speaks only for the DECISION right after it.
     *
     * @param policy the policy in force (the one that decided the recorded request).
     */
    void applyTo(final Request r, final CompiledPolicy policy) {
        if (!held) {
            return;
        }
        held = false;
        if (decoder.requestId() != r.requestId) {
            return;
        }
        final ToolArguments args = r.arguments;
        for (int i = 0; i < decoder.argumentCount(); i++) {
            final Argument a = policy.api().argumentAt(decoder.argument(i));
            if (a == null) {
                throw new IllegalStateException("ARGUMENTS record names argument " + decoder.argument(i)
                    + ", which policy " + policy.label() + " does not declare");
            }
            if (decoder.isNumber(i)) {
                args.decimal(a, decoder.number(i), decoder.scale(i));
            } else {
                args.bytes(a, bytes, 0, decoder.getBytes(i, bytes, 0));
            }
        }
        for (int j = 0; j < decoder.sliceCount(); j++) {
            final int child = decoder.sliceChild(j);
            if (child >= r.children || decoder.sliceBudget(j) >= policy.budgets().count()) {
                throw new IllegalStateException("ARGUMENTS record names a slice of budget " + decoder.sliceBudget(j)
                    + " for child " + child + ", which the request or policy " + policy.label() + " lacks");
            }
            r.scopes[child].slice(decoder.sliceBudget(j), decoder.sliceAmount(j));
        }
        for (int j = 0; j < decoder.listCount(); j++) {
            final int child = decoder.listChild(j);
            if (child >= r.children) {
                throw new IllegalStateException("ARGUMENTS record names constraints for child " + child + ", which the"
                    + " request lacks");
            }
            constraints.read(list, decoder.getList(j, list, 0), policy, r.scopes[child]);
        }
    }

    /** Forgets a held body (a record other than the DECISION it announced came next). */
    void forget() {
        held = false;
    }
}
