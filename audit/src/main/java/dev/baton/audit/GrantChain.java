package dev.baton.audit;

import dev.baton.engine.Request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delegation structure of a journal, built from its decisions: which decision created each grant,
 * each grant's parent, its reviews and the later actions on it. Gives the chain from a task's root grant
 * down to any grant, and the tree of a task.
 * <p>
 * Grant ids are the journal's; a grant is "created" by an ALLOW or REVIEW of open, delegate, fan-out or
 * break-glass. A grant is revoked, with everything under it, by an ALLOW of revoke or close, or by a
 * review that denied it or found it timed out.
 * <p>
 * <b>Note:</b> immutable once built, so safe to share between threads; building it indexes the entries
 * in hash maps, and {@link #task} walks every creation.
 */
public final class GrantChain {
    /** The most items {@link #grantList()} names. */
    private static final int MAX_LISTED = 8;
    private final Map<Long, DecisionEntry> byDecision = new LinkedHashMap<>();
    private final Map<Long, DecisionEntry> creation = new LinkedHashMap<>();
    private final Map<Long, List<DecisionEntry>> reviews = new HashMap<>();
    private final Map<Long, List<DecisionEntry>> uses = new HashMap<>();
    private final List<DecisionEntry> revocations = new ArrayList<>();

    /** @param entries a journal's decisions in journal order ({@link AuditLog#entries()}). */
    public GrantChain(final List<DecisionEntry> entries) {
        for (final DecisionEntry e : entries) {
            byDecision.put(e.decisionId(), e);
            if (e.createsGrant()) {
                creation.putIfAbsent(e.grantId(), e);
            }
            if (e.usedGrant() != 0 && e.op() != Request.Op.OPEN && e.op() != Request.Op.BREAK_GLASS) {
                uses.computeIfAbsent(e.usedGrant(), k -> new ArrayList<>()).add(e);
                if (e.op() == Request.Op.REVIEW) {
                    reviews.computeIfAbsent(e.usedGrant(), k -> new ArrayList<>()).add(e);
                }
                if (revokes(e)) {
                    revocations.add(e);
                }
            }
        }
    }

    /** @return the decision with this id, or null. */
    public DecisionEntry decision(final long id) {
        return byDecision.get(id);
    }

    /** @return the decision that created grant {@code grant}, or null. */
    public DecisionEntry creation(final long grant) {
        return creation.get(grant);
    }

    /** @return the review decisions on grant {@code grant} (reviewer = principal), in journal order. */
    public List<DecisionEntry> reviews(final long grant) {
        return Collections.unmodifiableList(reviews.getOrDefault(grant, List.of()));
    }

    /** @return every later request that used or acted on grant {@code grant}, in journal order. */
    public List<DecisionEntry> uses(final long grant) {
        return Collections.unmodifiableList(uses.getOrDefault(grant, List.of()));
    }

    /**
     * The decision that revoked {@code grant}: the first one, journaled before {@code beforeSeq}, that
     * revoked it or one of its ancestors (revocation cascades down).
     *
     * @param beforeSeq only decisions in earlier records count ({@code Long.MAX_VALUE}: any).
     * @return that decision, or null when none is journaled (a policy swap that removed the grant's
     *     purpose, review rule or break-glass rule revokes it without a decision).
     */
    public DecisionEntry revocation(final long grant, final long beforeSeq) {
        final Set<Long> line = new HashSet<>();
        line.add(grant);
        for (final DecisionEntry e : chain(grant)) {
            line.add(e.grantId());
        }
        for (final DecisionEntry r : revocations) {
            if (r.seq() >= beforeSeq) {
                break;
            }
            if (line.contains(r.usedGrant())) {
                return r;
            }
        }
        return null;
    }

    private static boolean revokes(final DecisionEntry e) {
        if (e.op() == Request.Op.REVOKE || e.op() == Request.Op.CLOSE) {
            return "ALLOW".equals(e.outcome());
        }
        return e.op() == Request.Op.REVIEW && ("REVIEW_DENIED".equals(e.reason())
            || "REVIEW_TIMED_OUT".equals(e.reason()));
    }

    /** @return the creations from the task's root grant down to {@code grant} (empty if unknown). */
    public List<DecisionEntry> chain(final long grant) {
        final List<DecisionEntry> chain = new ArrayList<>();
        long g = grant;
        while (g != 0 && chain.size() <= 64) {
            final DecisionEntry e = creation.get(g);
            if (e == null) {
                break;
            }
            chain.add(e);
            g = e.parentGrantId();
        }
        Collections.reverse(chain);
        return chain;
    }

    /** @return the root grant of {@code grant}'s task, or {@code grant} if its creation is not journaled. */
    public long root(final long grant) {
        final List<DecisionEntry> chain = chain(grant);
        return chain.isEmpty() ? grant : chain.get(0).grantId();
    }

    /** @return the creations of every grant of the task rooted at {@code root}, in journal order. */
    public List<DecisionEntry> task(final long root) {
        final List<DecisionEntry> out = new ArrayList<>();
        for (final DecisionEntry e : creation.values()) {
            if (root(e.grantId()) == root) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the decision ids known, lowest and highest, for messages; or null if none. */
    public String decisionRange() {
        if (byDecision.isEmpty()) {
            return null;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (final long id : byDecision.keySet()) {
            lo = Math.min(lo, id);
            hi = Math.max(hi, id);
        }
        return lo + ".." + hi;
    }

    /**
     * @return the grant ids created, for messages: runs of consecutive ids as {@code lo..hi}, at most
     *     {@value #MAX_LISTED} items, then how many more (a journal holds millions of grants), e.g.
     *     {@code [1..3, 7, 9..200000]} or {@code [1, 3, 5, ... and 99997 more (100000 grants)]}.
     */
    public String grantList() {
        return idList(creation.keySet().stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** @return {@code ids} (sorted) as {@link #grantList()} writes them. */
    static String idList(final long[] ids) {
        final StringBuilder sb = new StringBuilder("[");
        int items = 0;
        int i = 0;
        while (i < ids.length && items < MAX_LISTED) {
            int j = i;
            while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
                j++;
            }
            final boolean run = j - i >= 2;
            sb.append(items++ > 0 ? ", " : "").append(ids[i]).append(run ? ".." + ids[j] : "");
            i = run ? j + 1 : i + 1;
        }
        if (i < ids.length) {
            sb.append(", ... and ").append(ids.length - i).append(" more (").append(ids.length).append(" grants)");
        }
        return sb.append(']').toString();
    }
}
