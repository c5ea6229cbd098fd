package dev.baton.verifier;

import dev.baton.codec.ErrorDetail;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.constraint.Constraint;

/**
 * The outcome of {@link OfflineVerifier#verify}: the {@link VerifyReason}, which {@link Check}s ran,
 * the ancestor found revoked, what was wrong with malformed bytes, and the decoded warrant. Reusable:
 * the verifier resets it.
 *
 * <p><b>Note:</b> not thread-safe; one per thread. Reading it allocates nothing ({@link #toString} does).
 */
public final class VerificationResult {
    final PortableWarrantDecoder warrant = new PortableWarrantDecoder();
    final ErrorDetail detail = new ErrorDetail();
    VerifyReason reason = VerifyReason.MALFORMED;
    int checks;
    int revokedHop = -1;
    long checkedAt;
    int refusedEntry = -1;
    int refusedArgument = -1;
    Constraint refusedConstraint;
    Constraint[] carried;

    void reset(final long nowMillis) {
        reason = VerifyReason.MALFORMED;
        checks = 0;
        revokedHop = -1;
        refusedEntry = -1;
        refusedArgument = -1;
        refusedConstraint = null;
        carried = null;
        checkedAt = nowMillis;
        detail.clear();
    }

    VerifyReason finish(final VerifyReason why) {
        reason = why;
        return why;
    }

    void refuse(final int entry, final int argument, final Constraint constraint) {
        refusedEntry = entry;
        refusedArgument = argument;
        refusedConstraint = constraint;
    }

    void record(final Check check) {
        checks |= check.bit();
    }

    /** @return why the warrant was accepted or refused. */
    public VerifyReason reason() {
        return reason;
    }

    /** @return whether every check passed. */
    public boolean accepted() {
        return reason == VerifyReason.OK;
    }

    /**
     * @param check a check.
     * @return whether it ran for this presentation.
     */
    public boolean made(final Check check) {
        return (checks & check.bit()) != 0;
    }

    /** @return the verifier's clock reading used for this presentation, epoch millis. */
    public long checkedAt() {
        return checkedAt;
    }

    /** @return the hop (0 = root) found revoked; meaningful only when the reason is {@link VerifyReason#REVOKED}. */
    public int revokedHop() {
        return revokedHop;
    }

    /**
     * @return the index (in the policy's declaration order) of the argument a call was refused on, or -1;
     *     set with {@link VerifyReason#ARGUMENT_INVALID} and {@link VerifyReason#ARGUMENT_CONSTRAINT}.
     */
    public int refusedArgument() {
        return refusedArgument;
    }

    /** @return the entry of the warrant's constraint list the call was refused on, or -1. */
    public int refusedEntry() {
        return refusedEntry;
    }

    /**
     * @return the carried constraint the call was refused on ({@link Constraint#text()} reads like the policy,
     *     numbers as carried values), or null.
     */
    public Constraint refusedConstraint() {
        return refusedConstraint;
    }

    /**
     * The compiled constraints the warrant carries, by entry of {@code warrant().constraints()}.
     *
     * @param entry 0..{@code warrant().constraints().count()} - 1.
     * @return the constraint; only after {@link Check#CONSTRAINTS} ran and found them readable.
     */
    public Constraint carriedConstraint(final int entry) {
        return carried[entry];
    }

    /** @return field, offset and bounds of what was malformed (empty when nothing was). */
    public ErrorDetail detail() {
        return detail;
    }

    /**
     * The decoded warrant: read it only when the structure check passed (any reason after
     * {@link VerifyReason#UNSUPPORTED_VERSION}); trust its fields only when {@link #accepted()}.
     *
     * @return the decoder wrapped over the presented bytes.
     */
    public PortableWarrantDecoder warrant() {
        return warrant;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("VerificationResult{").append(reason).append(", checks=[");
        String sep = "";
        for (final Check c : Check.values()) {
            if (made(c)) {
                sb.append(sep).append(c);
                sep = ", ";
            }
        }
        sb.append(']');
        if (reason == VerifyReason.REVOKED) {
            sb.append(", revokedHop=").append(revokedHop);
        }
        if (refusedArgument >= 0) {
            sb.append(", argument=").append(refusedArgument);
            if (null != refusedConstraint) {
                sb.append(", constraint=").append(refusedConstraint.text());
            }
        }
        return sb.append('}').toString();
    }
}
