package dev.baton.policy;

/**
 * Settings for one declared trust domain ({@code domains.<trust-domain>}): the trust zone it shares with
 * other domains of the same organisation, a cap on how deep its agents may extend a chain, and whether
 * its identities must prove possession of the portable warrants they present.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param trustDomain the trust domain (declared in the vocabulary).
 * @param zone        the zone name, or {@code null} when the domain is a zone of its own. Domains naming the
 *                    same zone are one trust zone: crossing between them is not crossing a trust boundary.
 * @param maxDepth    the cap on {@code max_depth} of every agent whose identity is in this domain, or -1 for none.
 * @param maxDepthAt  where {@code max_depth} was written, or {@link SourceRef#NONE}.
 * @param proofRequired whether a portable warrant presented by an identity of this domain needs its holder's
 *                    proof of possession ({@code proof_of_possession: required}).
 * @param proofAt     where {@code proof_of_possession} was written, or {@link SourceRef#NONE}.
 */
public record DomainRule(NameRef trustDomain, NameRef zone, int maxDepth, SourceRef maxDepthAt, boolean proofRequired,
                         SourceRef proofAt) {
    /** {@link #maxDepth} when the domain sets no cap. */
    public static final int NO_CAP = -1;
}
