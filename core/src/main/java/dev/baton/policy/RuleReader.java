package dev.baton.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the named rule maps of a policy: {@code agents}, {@code purposes}, {@code tiers} and
 * {@code break_glass} ({@code review} is {@link ReviewReader}'s), and the {@code administrators} list, checking patterns, ranges
 * and references to agents.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class RuleReader {
    /** Deepest delegation chain a policy may allow. */
    static final int MAX_DEPTH = 16;
    /** Most review rules, tiers or break-glass rules a policy may have, each. */
    static final int MAX_RULES = 64;
    static final long MAX_TTL = 30 * Durations.DAY;
    static final long MAX_REVIEW_TIMEOUT = 7 * Durations.DAY;
    static final long MAX_BREAK_GLASS_TTL = Durations.DAY;

    private final NodeReader r;
    private final VocabularyReader vocabulary;
    private final ScopeReader scopes;
    /** Declared agent names, or {@code null} if {@code agents} could not be read. */
    private Set<String> agentNames;

    RuleReader(final NodeReader r, final VocabularyReader vocabulary, final ScopeReader scopes) {
        this.r = r;
        this.vocabulary = vocabulary;
        this.scopes = scopes;
    }

    /**
     * Reads {@code agents}; must run before {@link #purposes(Node)}.
     *
     * @param node       the {@code agents} mapping.
     * @param depth      the policy-wide {@code max_depth} an agent without its own takes (0 when absent).
     * @param depthAt    where the policy-wide {@code max_depth} is written, or {@code null} when it is not.
     */
    List<AgentRule> agents(final Node node, final int depth, final SourceRef depthAt) {
        final List<NodeReader.Entry> entries = node == null ? null
            : r.entries(node, "agents", "agent", NodeReader.NameKind.NAME);
        if (entries == null) {
            return null;
        }
        agentNames = new LinkedHashSet<>();
        for (final NodeReader.Entry e : entries) {
            agentNames.add(e.name().name());
        }
        final List<AgentRule> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.AGENT);
            if (f == null) {
                continue;
            }
            final PatternRef identity = f.containsKey("identity")
                ? spiffe(f.get("identity"), NodeReader.child(e.path(), "identity")) : null;
            final ScopeSpec ceiling = f.containsKey("ceiling")
                ? scopes.scope(f.get("ceiling"), NodeReader.child(e.path(), "ceiling"), PolicySchema.AGENT_CEILING)
                : null;
            final List<NameRef> delegatesTo = f.containsKey("delegates_to")
                ? agentRefs(f.get("delegates_to"), NodeReader.child(e.path(), "delegates_to"), false) : List.of();
            final boolean own = f.containsKey("max_depth");
            final Integer maxDepth = own
                ? r.integer(f.get("max_depth"), NodeReader.child(e.path(), "max_depth"), 0, MAX_DEPTH) : Integer.valueOf(depth);
            final SourceRef depthSource = own ? r.at(f.get("max_depth")) : depthAt != null ? depthAt : e.name().at();
            if (identity != null && ceiling != null && delegatesTo != null && maxDepth != null) {
                out.add(new AgentRule(e.name(), identity, ceiling, delegatesTo, maxDepth, e.name().at(), depthSource));
            }
        }
        return out;
    }

    /** Reads {@code purposes}. */
    List<PurposeRule> purposes(final Node node) {
        final List<NodeReader.Entry> entries = node == null ? null
            : r.entries(node, "purposes", "purpose", NodeReader.NameKind.NAME);
        if (entries == null) {
            return null;
        }
        final List<PurposeRule> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.PURPOSE);
            if (f == null) {
                continue;
            }
            final List<PatternRef> openedBy = f.containsKey("opened_by")
                ? principals(f.get("opened_by"), NodeReader.child(e.path(), "opened_by")) : null;
            final List<NameRef> entryAgents = f.containsKey("entry_agents")
                ? agentRefs(f.get("entry_agents"), NodeReader.child(e.path(), "entry_agents"), true) : null;
            final ScopeSpec ceiling = f.containsKey("ceiling") ? scopes.scope(f.get("ceiling"),
                NodeReader.child(e.path(), "ceiling"), PolicySchema.PURPOSE_CEILING) : null;
            final List<BudgetLimit> budgets = vocabulary.budgets().limits(f.get("budgets"),
                NodeReader.child(e.path(), "budgets"));
            if (openedBy != null && entryAgents != null && ceiling != null && budgets != null) {
                out.add(new PurposeRule(e.name(), openedBy, entryAgents, ceiling, e.name().at(), List.copyOf(budgets)));
            }
        }
        return out;
    }

    /** Reads {@code tiers}. */
    List<Tier> tiers(final Node node) {
        final List<NodeReader.Entry> entries = limited(node, "tiers", "tier");
        if (entries == null) {
            return null;
        }
        final List<Tier> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.TIER);
            if (f == null) {
                continue;
            }
            final Long ttl = f.containsKey("ttl")
                ? r.duration(f.get("ttl"), NodeReader.child(e.path(), "ttl"), Durations.SECOND, MAX_TTL) : null;
            final ScopeSpec members = scopes.inline(f, e.path(), e.name().at());
            final Boolean justification = f.containsKey("require_justification") ? r.bool(
                f.get("require_justification"), NodeReader.child(e.path(), "require_justification")) : Boolean.FALSE;
            if (ttl != null && members != null && justification != null) {
                out.add(new Tier(e.name(), ttl, members, justification, e.name().at()));
            }
        }
        return out;
    }

    /** Reads {@code break_glass}. */
    List<BreakGlassRule> breakGlass(final Node node) {
        final List<NodeReader.Entry> entries = limited(node, "break_glass", "break-glass rule");
        if (entries == null) {
            return null;
        }
        final List<BreakGlassRule> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.BREAK_GLASS);
            if (f == null) {
                continue;
            }
            final List<PatternRef> who = f.containsKey("who")
                ? principals(f.get("who"), NodeReader.child(e.path(), "who")) : null;
            final Long maxTtl = f.containsKey("max_ttl") ? r.duration(f.get("max_ttl"),
                NodeReader.child(e.path(), "max_ttl"), Durations.SECOND, MAX_BREAK_GLASS_TTL) : null;
            final Boolean reasonRequired = f.containsKey("reason_required")
                ? r.bool(f.get("reason_required"), NodeReader.child(e.path(), "reason_required")) : Boolean.TRUE;
            final boolean hasCeiling = f.containsKey("ceiling");
            final ScopeSpec ceiling = hasCeiling ? scopes.scope(f.get("ceiling"),
                NodeReader.child(e.path(), "ceiling"), PolicySchema.BREAK_GLASS_CEILING) : null;
            final Boolean skipReview = f.containsKey("skip_review")
                ? r.bool(f.get("skip_review"), NodeReader.child(e.path(), "skip_review")) : Boolean.FALSE;
            if (who != null && maxTtl != null && reasonRequired != null && skipReview != null
                && (ceiling != null || !hasCeiling)) {
                out.add(new BreakGlassRule(e.name(), who, maxTtl, reasonRequired, ceiling, e.name().at(), skipReview));
            }
        }
        return out;
    }

    /** Reads the entries of an optional rule map, reporting the first one past {@link #MAX_RULES}. */
    List<NodeReader.Entry> limited(final Node node, final String path, final String what) {
        final List<NodeReader.Entry> entries = node == null ? List.of()
            : r.entries(node, path, what, NodeReader.NameKind.NAME);
        if (entries != null && entries.size() > MAX_RULES) {
            final NodeReader.Entry extra = entries.get(MAX_RULES);
            r.error(extra.name().at(), extra.path(),
                "too many " + what + "s: at most " + MAX_RULES + ", found " + entries.size());
        }
        return entries;
    }

    private PatternRef spiffe(final Node node, final String path) {
        final String text = r.string(node, path);
        if (text == null) {
            return null;
        }
        if (text.isEmpty()) {
            r.error(node, path, "empty identity: expected a SPIFFE ID pattern spiffe://<trust-domain>/<path>");
            return null;
        }
        final IdentityPattern p;
        try {
            p = IdentityPattern.spiffe(text);
        } catch (final IllegalArgumentException ex) {
            r.error(node, path, "bad SPIFFE pattern '" + text + "': " + ex.getMessage());
            return null;
        }
        final SourceRef at = r.at(node);
        return vocabulary.checkTrustDomain(p.trustDomain(), at, path) ? new PatternRef(text, at) : null;
    }

    /**
     * Reads a non-empty list of identity patterns ({@code administrators}): each is a SPIFFE pattern
     * (an agent's workload identity, its trust domain declared) or a principal pattern.
     */
    List<PatternRef> identities(final Node node, final String path) {
        return patterns(node, path, true);
    }

    /** Reads a non-empty list of principal patterns. */
    List<PatternRef> principals(final Node node, final String path) {
        return patterns(node, path, false);
    }

    private List<PatternRef> patterns(final Node node, final String path, final boolean spiffeToo) {
        final List<Node> items = r.list(node, path);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            r.error(node, path, "expected at least one " + (spiffeToo ? "identity" : "principal")
                + " pattern, found an empty list");
            return null;
        }
        final List<PatternRef> out = new ArrayList<>(items.size());
        final Map<String, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = NodeReader.index(path, i);
            final String text = r.string(items.get(i), itemPath);
            if (text == null) {
                continue;
            }
            final SourceRef at = r.at(items.get(i));
            if (spiffeToo && text.startsWith("spiffe:")) {
                if (spiffe(items.get(i), itemPath) != null && r.unique(text, at, seen, itemPath, "pattern")) {
                    out.add(new PatternRef(text, at));
                }
                continue;
            }
            try {
                IdentityPattern.principal(text);
            } catch (final IllegalArgumentException ex) {
                r.error(at, itemPath, "bad principal pattern '" + text + "': " + ex.getMessage());
                continue;
            }
            if (r.unique(text, at, seen, itemPath, "pattern")) {
                out.add(new PatternRef(text, at));
            }
        }
        return out;
    }

    /** Reads a list of agent names, each declared under {@code agents}. */
    private List<NameRef> agentRefs(final Node node, final String path, final boolean nonEmpty) {
        final List<Node> items = r.list(node, path);
        if (items == null) {
            return null;
        }
        if (nonEmpty && items.isEmpty()) {
            r.error(node, path, "expected at least one agent name, found an empty list");
            return null;
        }
        final List<NameRef> out = new ArrayList<>(items.size());
        final Map<String, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = NodeReader.index(path, i);
            final NameRef n = r.name(items.get(i), itemPath, "agent", NodeReader.NameKind.NAME);
            if (n == null || !r.unique(n.name(), n.at(), seen, itemPath, "agent")) {
                continue;
            }
            if (agentNames != null && !agentNames.contains(n.name())) {
                r.error(n.at(), itemPath, "unknown agent '" + n.name() + "'; declared agents: "
                    + VocabularyReader.listing(agentNames));
            } else {
                out.add(n);
            }
        }
        return out;
    }
}
