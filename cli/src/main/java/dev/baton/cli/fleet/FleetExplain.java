package dev.baton.cli.fleet;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.audit.GrantChain;
import dev.baton.codec.CodecError;
import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.RecordType;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows a delegation chain across a fleet's engines, from the journals the fleet audit replayed: a grant
 * of engine E was created from a parent; when that parent is the mirror of a foreign portable warrant
 * (E's journal holds the FOREIGN_WARRANT record that accepted it, with the warrant and its hops, each
 * an engine id and that engine's grant id), the chain goes on at the engine that issued the warrant's
 * last hop, and so on up to the root, whose revocation (a CLOSE or REVOKE allowed at its own engine)
 * ended every grant below it. Later decisions at E on the grant (authorize, delegate) show whether E
 * refused it after the revocation.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (reads each engine's FOREIGN_WARRANT records once).
 */
public final class FleetExplain {
    /** One hop of a chain: the engine and the decision that created the grant there. */
    public record Hop(int engine, DecisionEntry creation) {
    }

    private final Map<Integer, GrantChain> chains = new HashMap<>();
    private final Map<Integer, List<DecisionEntry>> entries = new HashMap<>();
    /** Per engine: mirror grant id to the warrant's hops {engine, grant}, root first. */
    private final Map<Integer, Map<Long, long[][]>> foreign = new HashMap<>();
    /** Per engine: the revocations of other engines' grants it applied on its ring (FOREIGN_REVOCATION). */
    private final Map<Integer, dev.baton.audit.ForeignEnds> applied = new HashMap<>();

    /** @param audit a fleet audit that kept every decision. */
    public FleetExplain(final FleetAudit audit) {
        for (final FleetAudit.Engine e : audit.engines()) {
            chains.put(e.id(), new GrantChain(e.log().entries()));
            entries.put(e.id(), e.log().entries());
            foreign.put(e.id(), foreignWarrants(e.log()));
            applied.put(e.id(), dev.baton.audit.ForeignEnds.read(e.log().dir()));
        }
    }

    private static Map<Long, long[][]> foreignWarrants(final AuditLog log) {
        final Map<Long, long[][]> mirrors = new HashMap<>();
        final ForeignWarrantBodyDecoder body = new ForeignWarrantBodyDecoder();
        try (JournalReader reader = new JournalReader(log.dir(), JournalTrust.none())) {
            reader.read((sequence, type, buffer, offset, length) -> {
                if (type == RecordType.FOREIGN_WARRANT && body.wrap(buffer, offset, length, null) == CodecError.OK) {
                    final PortableWarrantDecoder w = body.warrant();
                    final long[][] hops = new long[w.hopCount()][];
                    for (int i = 0; i < hops.length; i++) {
                        hops[i] = new long[] {w.hopEngineId(i), w.hopGrantId(i)};
                    }
                    mirrors.put(body.localGrantId(), hops);
                }
                return true;
            });
        }
        return mirrors;
    }

    /**
     * @param engine an engine of the fleet.
     * @param grant  a grant id there.
     * @return the chain, root first, each hop at the engine that created it; empty if the grant is unknown.
     */
    public List<Hop> chain(final int engine, final long grant) {
        final List<Hop> hops = new ArrayList<>();
        int e = engine;
        long g = grant;
        while (chains.containsKey(e) && hops.size() < 64) {
            final List<DecisionEntry> local = chains.get(e).chain(g);
            if (local.isEmpty()) {
                break;
            }
            final List<Hop> here = new ArrayList<>();
            for (final DecisionEntry d : local) {
                here.add(new Hop(e, d));
            }
            hops.addAll(0, here);
            final long[][] warrant = foreign.get(e).get(local.get(0).parentGrantId());
            if (warrant == null) {
                break;
            }
            e = (int)warrant[warrant.length - 1][0];
            g = warrant[warrant.length - 1][1];
        }
        return hops;
    }

    /** @return the decision that revoked or closed the chain's root at its engine, or null. */
    public DecisionEntry revocation(final Hop root) {
        return chains.get(root.engine()).revocation(root.creation().grantId(), Long.MAX_VALUE);
    }

    /** @return the decisions at {@code engine} that used {@code grant} (authorize, delegate, ...). */
    public List<DecisionEntry> uses(final int engine, final long grant) {
        return chains.containsKey(engine) ? chains.get(engine).uses(grant) : List.of();
    }

    /** Prints the chain of {@code grant} at {@code engine}, its root's revocation and the grant's uses there. */
    public void print(final int engine, final long grant, final PrintWriter out) {
        final List<Hop> hops = chain(engine, grant);
        if (hops.isEmpty()) {
            out.printf("  engine %d has no grant %d%n", engine, grant);
            return;
        }
        Hop previous = null;
        for (final Hop h : hops) {
            final DecisionEntry d = h.creation();
            final String parent = previous == null ? "root"
                : previous.engine() != h.engine() ? "parent: engine " + previous.engine() + "'s grant "
                    + previous.creation().grantId() + ", presented as its warrant" : "parent " + d.parentGrantId();
            out.printf(Locale.ROOT, "  engine %d  decision %d  %s grant %d (%s): %s -> %s  %s %s%n", h.engine(),
                d.decisionId(), d.opName(), d.grantId(), parent, d.presenter() != null ? d.presenter() : d.principal(),
                d.subject(), d.outcome(), d.reason());
            previous = h;
        }
        final DecisionEntry revoked = revocation(hops.get(0));
        out.printf(Locale.ROOT, "  ended by: %s%n", revoked == null ? "no revocation of the root in its journal"
            : "engine " + hops.get(0).engine() + " decision " + revoked.decisionId() + ", " + revoked.opName() + " of grant "
                + revoked.usedGrant() + " by " + revoked.principal() + ", " + revoked.outcome() + " at "
                + java.time.Instant.ofEpochMilli(revoked.timestamp()));
        appliedAt(hops, out);
        for (final DecisionEntry u : later(engine, grant, hops.get(hops.size() - 1).creation(), revoked)) {
            out.printf(Locale.ROOT, "  used at engine %d: decision %d at %s, %s by %s on %s: %s %s%n", engine,
                u.decisionId(), java.time.Instant.ofEpochMilli(u.timestamp()), u.opName(), u.presenter(),
                u.usedGrant() != 0 ? "grant " + u.usedGrant() : "a warrant", u.outcome(), u.reason());
        }
    }

    /** Prints, for each other engine of the chain, the FOREIGN_REVOCATION record that applied the root's revocation. */
    private void appliedAt(final List<Hop> hops, final PrintWriter out) {
        final Hop root = hops.get(0);
        final java.util.Set<Integer> engines = new java.util.LinkedHashSet<>();
        hops.forEach(h -> engines.add(h.engine()));
        for (final int e : engines) {
            for (final dev.baton.audit.ForeignEnds.Revocation r : e == root.engine() ? List.<dev.baton.audit.ForeignEnds
                    .Revocation>of() : applied.get(e).revocations()) {
                if (r.engineId() == root.engine() && r.grantId() == root.creation().grantId()) {
                    out.printf(Locale.ROOT, "  applied at engine %d: FOREIGN_REVOCATION record %d at %s, %d local grants "
                        + "ended%n", e, r.seq(), java.time.Instant.ofEpochMilli(r.appliedAt()), r.revokedLocal());
                }
            }
        }
    }

    /**
     * @return the decisions at {@code engine} on {@code grant}, and, after the root's revocation, those on a
     *     warrant refused as revoked there (the engine refuses a revoked chain before naming its grant).
     */
    private List<DecisionEntry> later(final int engine, final long grant, final DecisionEntry created,
                                      final DecisionEntry revoked) {
        final List<DecisionEntry> out = new ArrayList<>(uses(engine, grant));
        if (revoked != null) {
            for (final DecisionEntry e : entries.get(engine)) {
                if (e.decisionId() > created.decisionId() && e.usedGrant() == 0 && e.viaWarrant()
                    && e.timestamp() >= revoked.timestamp() && "REVOKED".equals(e.reason())) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
