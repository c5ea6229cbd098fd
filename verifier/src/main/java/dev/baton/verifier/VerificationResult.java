package dev.baton.verifier;

import dev.baton.codec.ErrorDetail;
import dev.baton.codec.PortableWarrantDecoder;

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

    void reset(final long nowMillis) {
        reason = VerifyReason.MALFORMED;
        checks = 0;
        revokedHop = -1;
        checkedAt = nowMillis;
        detail.clear();
    }

    VerifyReason finish(final VerifyReason why) {
        reason = why;
        return why;
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
        return sb.append('}').toString();
    }
}
