package dev.baton.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code reviewer_classes} and {@code review}: each rule's trigger (with the argument constraints that
 * narrow it),
 * depth, timeout, reviewers and approvals ({@code approvals: 2}, or {@code {required: 2, from: [finance,
 * security]}} naming declared reviewer classes).
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class ReviewReader {
    private final NodeReader r;
    private final ScopeReader scopes;
    private final RuleReader rules;
    /** Declared reviewer classes by name, or {@code null} if {@code reviewer_classes} could not be read. */
    private Map<String, ReviewerClass> classes = Map.of();

    ReviewReader(final NodeReader r, final ScopeReader scopes, final RuleReader rules) {
        this.r = r;
        this.scopes = scopes;
        this.rules = rules;
    }

    /** Reads {@code reviewer_classes}; must run before {@link #reviews(Node)}. */
    List<ReviewerClass> classes(final Node node) {
        final List<NodeReader.Entry> entries = node == null ? List.of()
            : r.entries(node, "reviewer_classes", "reviewer class", NodeReader.NameKind.NAME);
        if (entries == null) {
            classes = null;
            return null;
        }
        if (entries.size() > RuleReader.MAX_RULES) {
            final NodeReader.Entry extra = entries.get(RuleReader.MAX_RULES);
            r.error(extra.name().at(), extra.path(),
                "too many reviewer classes: at most " + RuleReader.MAX_RULES + ", found " + entries.size());
        }
        final Map<String, ReviewerClass> byName = new LinkedHashMap<>();
        for (final NodeReader.Entry e : entries) {
            final List<PatternRef> members = rules.principals(e.value(), e.path());
            if (members != null) {
                byName.put(e.name().name(), new ReviewerClass(e.name(), members, e.name().at()));
            }
        }
        classes = byName;
        return List.copyOf(byName.values());
    }

    /** Reads {@code review}. */
    List<ReviewRule> reviews(final Node node) {
        final List<NodeReader.Entry> entries = rules.limited(node, "review", "review rule");
        if (entries == null) {
            return null;
        }
        final List<ReviewRule> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.REVIEW);
            final ReviewRule rule = f == null ? null : rule(e, f);
            if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    private ReviewRule rule(final NodeReader.Entry e, final Map<String, Node> f) {
        final ScopeSpec trigger = scopes.constrained(scopes.inline(f, e.path(), e.name().at()), f, e.path());
        if (trigger != null && trigger.capabilities().isEmpty() && trigger.data().isEmpty()
            && !hasItems(f.get("capabilities")) && !hasItems(f.get("data"))) {
            r.error(e.name().at(), e.path(), "empty trigger: a review rule needs at least one capability or data class");
        }
        final Integer minDepth = f.containsKey("min_depth") ? r.integer(f.get("min_depth"),
            NodeReader.child(e.path(), "min_depth"), 0, RuleReader.MAX_DEPTH) : Integer.valueOf(0);
        final Boolean externalOnly = f.containsKey("external_only")
            ? r.bool(f.get("external_only"), NodeReader.child(e.path(), "external_only")) : Boolean.FALSE;
        final Long timeout = f.containsKey("timeout") ? r.duration(f.get("timeout"),
            NodeReader.child(e.path(), "timeout"), Durations.SECOND, RuleReader.MAX_REVIEW_TIMEOUT) : null;
        final ReviewRule.Approvals approvals = f.containsKey("approvals")
            ? approvals(f.get("approvals"), NodeReader.child(e.path(), "approvals")) : ReviewRule.Approvals.of(1);
        final List<PatternRef> reviewers = reviewers(e, f, approvals);
        if (trigger == null || minDepth == null || externalOnly == null || timeout == null || reviewers == null
            || approvals == null) {
            return null;
        }
        return new ReviewRule(e.name(), trigger, minDepth, externalOnly, timeout, reviewers, e.name().at(), approvals);
    }

    /** {@code reviewers}, or when absent and {@code approvals.from} names classes, their members. */
    private List<PatternRef> reviewers(final NodeReader.Entry e, final Map<String, Node> f,
                                       final ReviewRule.Approvals approvals) {
        final String path = NodeReader.child(e.path(), "reviewers");
        if (f.containsKey("reviewers")) {
            return rules.principals(f.get("reviewers"), path);
        }
        if (approvals == null || classes == null) {
            return null;
        }
        if (approvals.from().isEmpty()) {
            r.error(e.value(), path, "missing required field 'reviewers' (it may be left out only when "
                + "approvals.from names reviewer classes)");
            return null;
        }
        final List<PatternRef> out = new ArrayList<>();
        for (final NameRef c : approvals.from()) {
            out.addAll(classes.get(c.name()).members());
        }
        return out;
    }

    /** Reads {@code approvals}: an integer 1..8, or {@code {required: M, from: [class, ...]}}. */
    private ReviewRule.Approvals approvals(final Node node, final String path) {
        if (!(node instanceof MappingNode)) {
            final Integer m = r.integer(node, path, 1, ReviewRule.MAX_APPROVALS);
            return m == null ? null : new ReviewRule.Approvals(m, List.of(), r.at(node));
        }
        final Map<String, Node> f = r.fields(node, path, PolicySchema.APPROVALS);
        if (f == null || !f.containsKey("required")) {
            return null;
        }
        final Integer m = r.integer(f.get("required"), NodeReader.child(path, "required"), 1, ReviewRule.MAX_APPROVALS);
        final List<NameRef> from = f.containsKey("from")
            ? classRefs(f.get("from"), NodeReader.child(path, "from")) : List.of();
        return m == null || from == null ? null : new ReviewRule.Approvals(m, from, r.at(node));
    }

    private List<NameRef> classRefs(final Node node, final String path) {
        final List<NameRef> names = r.names(node, path, "reviewer class", NodeReader.NameKind.NAME);
        if (names == null || classes == null) {
            return null;
        }
        if (names.isEmpty()) {
            r.error(node, path, "expected at least one reviewer class, found an empty list");
            return null;
        }
        final List<NameRef> out = new ArrayList<>(names.size());
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            final NameRef n = names.get(i);
            if (!classes.containsKey(n.name())) {
                r.error(n.at(), NodeReader.index(path, i), "unknown reviewer class '" + n.name() + "'; "
                    + (classes.isEmpty() ? "no reviewer classes are declared (reviewer_classes)"
                    : "declared reviewer classes: " + VocabularyReader.listing(classes.keySet())));
                ok = false;
            } else {
                out.add(n);
            }
        }
        return ok ? out : null;
    }

    private static boolean hasItems(final Node node) {
        return node instanceof SequenceNode && !((SequenceNode) node).getValue().isEmpty();
    }
}
