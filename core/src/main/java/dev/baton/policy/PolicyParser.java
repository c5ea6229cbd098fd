package dev.baton.policy;

import dev.baton.policy.yaml.YamlSource;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a policy file (YAML; see {@code docs/policy-language.md}) into a {@link PolicyDocument}: checks its
 * shape, every name it references, every identity pattern, every number and duration range. All errors
 * that can be found are collected and thrown together, sorted by line and column, in one
 * {@link PolicyException}; an invalid policy is never partly returned.
 * <p>
 * YAML is composed into nodes (never constructed into objects), scalars are typed by the parser
 * itself (booleans are only {@code true} and {@code false}; {@code no} stays a string), duplicate keys
 * are reported, and the file is read and composed under {@link YamlSource}'s rules: at most
 * {@link YamlSource#MAX_BYTES} bytes, no explicit tags but the standard ones, at most
 * {@value #MAX_ALIASES} aliases to collections, none recursive.
 * <p>
 * <b>Note:</b> stateless and thread-safe; each call allocates the node tree, the records and the
 * error list. Runs when a policy is loaded, never on the decision path.
 */
public final class PolicyParser {
    /** Most aliases to collections a policy file may use. */
    public static final int MAX_ALIASES = YamlSource.MAX_ALIASES;
    /** Most code points a policy text may hold; a file is also limited to as many bytes (4 MiB). */
    public static final int MAX_CODE_POINTS = YamlSource.MAX_BYTES;
    /** Deepest YAML nesting accepted; the language itself needs five levels. */
    public static final int MAX_NESTING = YamlSource.MAX_NESTING;
    /** Most characters of the {@code version} label. */
    public static final int MAX_VERSION_LENGTH = 128;

    private static final Comparator<PolicyError> BY_POSITION =
        Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column);

    private PolicyParser() {
    }

    /**
     * Reads and parses a UTF-8 policy file.
     *
     * @param file the policy file; its string form names it in errors.
     * @return the policy.
     * @throws PolicyException with every error found, sorted by position.
     * @throws IOException     if the file cannot be read, is a directory or is larger than
     *                         {@link YamlSource#MAX_BYTES} ({@code FILE: too large (limit N bytes)}).
     */
    public static PolicyDocument parse(final Path file) throws PolicyException, IOException {
        final String text;
        try {
            text = YamlSource.read(file);
        } catch (final CharacterCodingException ex) {
            throw new PolicyException(List.of(new PolicyError(file.toString(), 1, 1, "",
                "the file is not valid UTF-8")));
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses policy text.
     *
     * @param fileName the name errors and source references carry.
     * @param text     the policy text.
     * @return the policy.
     * @throws PolicyException with every error found, sorted by position.
     */
    public static PolicyDocument parse(final String fileName, final String text) throws PolicyException {
        final NodeReader r = new NodeReader(fileName);
        final Node root = compose(r, text);
        final PolicyDocument policy = r.errors().isEmpty() ? read(r, root, text) : null;
        if (policy == null && r.errors().isEmpty()) {
            r.error(new SourceRef(fileName, 1, 1), "", "the policy could not be read");
        }
        if (!r.errors().isEmpty()) {
            final List<PolicyError> errors = new ArrayList<>(new LinkedHashSet<>(r.errors()));
            errors.sort(BY_POSITION);
            throw new PolicyException(errors);
        }
        return policy;
    }

    private static Node compose(final NodeReader r, final String text) {
        try {
            return YamlSource.compose(text);
        } catch (final MarkedYAMLException ex) {
            final Mark mark = ex.getProblemMark() != null ? ex.getProblemMark() : ex.getContextMark();
            final int line = mark == null ? 1 : mark.getLine() + 1;
            final int column = mark == null ? 1 : mark.getColumn() + 1;
            r.error(new SourceRef(r.file(), line, column), "",
                ex instanceof YamlSource.UnsupportedYaml ? ex.getProblem() : syntaxMessage(ex));
        } catch (final YAMLException ex) {
            r.error(new SourceRef(r.file(), 1, 1), "", "YAML error: " + firstLine(ex.getMessage()));
        }
        return null;
    }

    private static String syntaxMessage(final MarkedYAMLException ex) {
        final StringBuilder sb = new StringBuilder("YAML syntax error: ");
        final String context = ex.getContext();
        final String problem = ex.getProblem();
        if (context != null) {
            sb.append(context);
            if (problem != null) {
                sb.append("; ");
            }
        }
        if (problem != null) {
            sb.append(firstLine(problem));
        }
        if (context != null && context.contains("alias")) {
            sb.append(" (a bare * starts a YAML alias: quote wildcards, \"*\")");
        }
        return sb.toString();
    }

    private static String firstLine(final String s) {
        if (s == null) {
            return "unreadable input";
        }
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static PolicyDocument read(final NodeReader r, final Node root, final String text) {
        if (!(root instanceof MappingNode)) {
            final SourceRef at = root == null ? new SourceRef(r.file(), 1, 1) : r.at(root);
            r.error(at, "", "expected a mapping at the top level, found "
                + (root == null ? "an empty document" : NodeReader.describe(root)));
            return null;
        }
        final Map<String, Node> f = r.fields(root, "", PolicySchema.TOP);
        final NameRef version = version(r, f.get("version"));
        final VocabularyReader vocabulary = new VocabularyReader(r);
        vocabulary.read(f.get("vocabulary"));
        final ScopeReader scopes = new ScopeReader(r, vocabulary);
        final RuleReader rules = new RuleReader(r, vocabulary, scopes);
        final Integer depth = f.containsKey("max_depth")
            ? r.integer(f.get("max_depth"), "max_depth", 0, RuleReader.MAX_DEPTH) : Integer.valueOf(0);
        final List<AgentRule> agents = rules.agents(f.get("agents"), depth == null ? 0 : depth,
            f.containsKey("max_depth") ? r.at(f.get("max_depth")) : null);
        final List<DomainRule> domains = DomainReader.read(r, vocabulary, f.get("domains"));
        final List<PurposeRule> purposes = rules.purposes(f.get("purposes"));
        final List<NameRef> neverLeave = f.containsKey("never_leave")
            ? scopes.dataClassNames(f.get("never_leave"), "never_leave") : List.of();
        final List<ExternalLimit> external = external(r, vocabulary, scopes, f.get("external"));
        final ScopeSpec nonTransitive = f.containsKey("non_transitive")
            ? scopes.scope(f.get("non_transitive"), "non_transitive", PolicySchema.NON_TRANSITIVE)
            : ScopeSpec.empty(SourceRef.NONE);
        final ReviewReader reviewReader = new ReviewReader(r, scopes, rules);
        final List<ReviewerClass> reviewerClasses = reviewReader.classes(f.get("reviewer_classes"));
        final List<ReviewRule> reviews = reviewReader.reviews(f.get("review"));
        final Long defaultTtl = f.containsKey("default_ttl")
            ? r.duration(f.get("default_ttl"), "default_ttl", Durations.SECOND, RuleReader.MAX_TTL) : null;
        final List<Tier> tiers = rules.tiers(f.get("tiers"));
        final List<BreakGlassRule> breakGlass = rules.breakGlass(f.get("break_glass"));
        final List<PatternRef> administrators = f.containsKey("administrators")
            ? rules.identities(f.get("administrators"), "administrators") : List.of();
        final Vocabulary vocab = vocabulary.vocabulary();
        if (!r.errors().isEmpty() || version == null || vocab == null || agents == null || purposes == null
            || neverLeave == null || external == null || nonTransitive == null || reviews == null
            || defaultTtl == null || tiers == null || breakGlass == null || administrators == null
            || domains == null || reviewerClasses == null) {
            return null;
        }
        return new PolicyDocument(r.file(), text, version, vocab,
            new PolicyDocument.Delegation(List.copyOf(agents), List.copyOf(purposes), List.copyOf(administrators)),
            new PolicyDocument.Boundaries(List.copyOf(neverLeave), List.copyOf(external), nonTransitive,
                List.copyOf(domains)),
            new PolicyDocument.Controls(List.copyOf(reviews), defaultTtl, List.copyOf(tiers), List.copyOf(breakGlass),
                reviewerClasses));
    }

    private static NameRef version(final NodeReader r, final Node node) {
        if (node == null) {
            return null;
        }
        final String s = r.string(node, "version");
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            r.error(node, "version", "expected a non-empty version label, found an empty string");
            return null;
        }
        if (s.length() > MAX_VERSION_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
            r.error(node, "version", "expected a version label of at most " + MAX_VERSION_LENGTH
                + " characters without control characters");
            return null;
        }
        return new NameRef(s, r.at(node));
    }

    private static List<ExternalLimit> external(final NodeReader r, final VocabularyReader vocabulary,
                                                final ScopeReader scopes, final Node node) {
        if (node == null) {
            return List.of();
        }
        final List<NodeReader.Entry> entries = r.entries(node, "external", "trust domain",
            NodeReader.NameKind.TRUST_DOMAIN);
        if (entries == null) {
            return null;
        }
        final List<ExternalLimit> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final boolean declared = vocabulary.checkTrustDomain(e.name().name(), e.name().at(), e.path());
            final ScopeSpec limit = scopes.scope(e.value(), e.path(), PolicySchema.EXTERNAL);
            if (declared && limit != null) {
                out.add(new ExternalLimit(e.name(), limit));
            }
        }
        return out;
    }
}
