package dev.baton.engine;

import dev.baton.codec.ArgumentsBodyLayout;
import dev.baton.codec.DecisionBodyLayout;
import dev.baton.codec.ForeignRevocationBodyLayout;
import dev.baton.codec.ForeignWarrantBodyLayout;
import dev.baton.codec.IdentityBodyLayout;
import dev.baton.codec.PolicyBodyLayout;
import dev.baton.codec.SealBodyLayout;
import dev.baton.codec.ShadowBodyLayout;
import dev.baton.codec.ShadowDecisionBodyLayout;
import dev.baton.codec.StartBodyLayout;
import dev.baton.codec.StopBodyLayout;
import dev.baton.codec.SwapBodyLayout;

/**
 * Journal record types (the codec's {@code recordType}); each body's layout is the codec's
 * {@code *BodyLayout} of that {@code RECORD_TYPE}, drawn there and in docs/wire-format.md. Every
 * batch of records is closed by a {@link #SEAL} that chains it to the batch before.
 * <p>
 * <b>Note:</b> constants only; thread-safe.
 */
public final class RecordType {
    /** A request and its decisions ({@link DecisionRecord}). */
    public static final int DECISION = DecisionBodyLayout.RECORD_TYPE;
    /** A policy version's full text, in one or more chunks. */
    public static final int POLICY = PolicyBodyLayout.RECORD_TYPE;
    /** An identity interned, in ring order. */
    public static final int IDENTITY = IdentityBodyLayout.RECORD_TYPE;
    /** The engine switched to a policy version. */
    public static final int SWAP = SwapBodyLayout.RECORD_TYPE;
    /** The engine started (a journal keeps its first START's registry settings: replay and restarts use them). */
    public static final int START = StartBodyLayout.RECORD_TYPE;
    /** The engine stopped cleanly. */
    public static final int STOP = StopBodyLayout.RECORD_TYPE;
    /**
     * A portable warrant of another engine accepted (after every check passed) and the local grant that
     * mirrors it; written just before the DECISION that presented it, so replay needs no key.
     */
    public static final int FOREIGN_WARRANT = ForeignWarrantBodyLayout.RECORD_TYPE;
    /**
     * A revocation of another engine's grant (the fleet's feed) applied on the ring: the grant is known
     * revoked until its expiry and its local mirrors are revoked; replay applies it again.
     */
    public static final int FOREIGN_REVOCATION = ForeignRevocationBodyLayout.RECORD_TYPE;
    /** The typed tool arguments of the request whose DECISION follows ({@link ArgumentsRecord}). */
    public static final int ARGUMENTS = ArgumentsBodyLayout.RECORD_TYPE;
    /** Closes a batch: the chain head over it and an HMAC under the journal key. Readers never hand it to a visitor. */
    public static final int SEAL = SealBodyLayout.RECORD_TYPE;

    /** A candidate policy attached beside the live one (its text in the POLICY records before), or detached. */
    public static final int SHADOW = ShadowBodyLayout.RECORD_TYPE;
    /** A decision on which the attached candidate policy disagreed with the live one
     * ({@code ShadowDecisionBodyDecoder} reads it).
     */
    public static final int SHADOW_DECISION = ShadowDecisionBodyLayout.RECORD_TYPE;

    private RecordType() {
    }

    /** @return the type's name, for reports. */
    public static String name(final int type) {
        switch (type) {
            case DECISION: return "DECISION";
            case POLICY: return "POLICY";
            case IDENTITY: return "IDENTITY";
            case SWAP: return "SWAP";
            case START: return "START";
            case STOP: return "STOP";
            case SEAL: return "SEAL";
            case FOREIGN_WARRANT: return "FOREIGN_WARRANT";
            case FOREIGN_REVOCATION: return "FOREIGN_REVOCATION";
            case ARGUMENTS: return "ARGUMENTS";
            case SHADOW: return "SHADOW";
            case SHADOW_DECISION: return "SHADOW_DECISION";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
