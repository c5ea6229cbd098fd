package dev.baton.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every field the policy language accepts, section by section. The parser checks each mapping it
 * reads against its section (unknown fields, missing required fields); {@code docs/policy-language.md}
 * documents every path in {@link #fieldPaths()}, and a test holds the two together.
 * <p>
 * Paths are dotted; a name the policy author chooses is written in angle brackets
 * ({@code agents.<agent>.max_depth}).
 * <p>
 * <b>Note:</b> immutable and thread-safe; nothing here allocates after class initialisation except
 * {@link #fieldPaths()}.
 */
public final class PolicySchema {

    /**
     * One field of a section.
     *
     * @param name     the YAML key.
     * @param required the parser reports its absence.
     */
    public record Field(String name, boolean required) {
    }

    /**
     * The fields one kind of mapping accepts.
     *
     * @param path   the dotted path template of the mapping ({@code ""} for the top level).
     * @param fields the accepted fields in documentation order.
     */
    public record Section(String path, List<Field> fields) {

        /** Copies the field list. */
        public Section {
            fields = List.copyOf(fields);
        }

        /**
         * @param name a YAML key.
         * @return whether the section accepts it.
         */
        public boolean accepts(final String name) {
            for (final Field f : fields) {
                if (f.name().equals(name)) {
                    return true;
                }
            }
            return false;
        }

        /** @return the accepted field names joined by {@code ", "}, for error messages. */
        public String expected() {
            final StringBuilder sb = new StringBuilder();
            for (final Field f : fields) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(f.name());
            }
            return sb.toString();
        }
    }

    private static final List<Field> SCOPE_FIELDS = List.of(optional("capabilities"), optional("data"));
    private static final List<Field> CONSTRAINED_SCOPE_FIELDS =
        List.of(optional("capabilities"), optional("data"), optional("constraints"));

    /** The top level of a policy file. */
    public static final Section TOP = new Section("", List.of(
        required("version"), required("vocabulary"), required("agents"), required("purposes"),
        optional("never_leave"), optional("external"), optional("non_transitive"), optional("review"),
        required("default_ttl"), optional("tiers"), optional("break_glass"), optional("administrators"),
        optional("max_depth"), optional("domains"), optional("reviewer_classes")));

    /** {@code vocabulary}. */
    public static final Section VOCABULARY = new Section("vocabulary", List.of(
        required("actions"), required("data_classes"), required("trust_domains"), required("tools"),
        optional("arguments"), optional("budgets")));

    /** One declared budget. */
    public static final Section BUDGET = new Section("vocabulary.budgets.<budget>", List.of(
        required("tool"), required("argument"), optional("actions")));

    /** One declared tool argument. */
    public static final Section ARGUMENT = new Section("vocabulary.arguments.<tool>.<argument>", List.of(
        required("type"), optional("scale"), optional("values")));

    /** One constraint on an argument, in a scope that takes constraints; exactly one field. */
    public static final Section CONSTRAINT = new Section("<scope>.constraints.<tool>.<argument>", List.of(
        optional("exact"), optional("one_of"), optional("range"), optional("prefix"), optional("glob"),
        optional("regex")));

    /** One agent: {@code agents.<agent>}. */
    public static final Section AGENT = new Section("agents.<agent>", List.of(
        required("identity"), required("ceiling"), optional("delegates_to"), optional("max_depth")));

    /** An agent's ceiling scope. */
    public static final Section AGENT_CEILING = new Section("agents.<agent>.ceiling", CONSTRAINED_SCOPE_FIELDS);

    /** One purpose: {@code purposes.<purpose>}. */
    public static final Section PURPOSE = new Section("purposes.<purpose>", List.of(
        required("opened_by"), required("entry_agents"), required("ceiling"), optional("budgets")));

    /** A purpose's ceiling scope. */
    public static final Section PURPOSE_CEILING = new Section("purposes.<purpose>.ceiling", CONSTRAINED_SCOPE_FIELDS);

    /** The limit for one foreign trust domain. */
    public static final Section EXTERNAL = new Section("external.<trust-domain>", CONSTRAINED_SCOPE_FIELDS);

    /** The non-transitive scope. */
    public static final Section NON_TRANSITIVE = new Section("non_transitive", SCOPE_FIELDS);

    /** Settings for one declared trust domain. */
    public static final Section DOMAIN = new Section("domains.<trust-domain>", List.of(
        optional("zone"), optional("max_depth"), optional("proof_of_possession")));

    /**
     * One review rule; its trigger scope is written inline. {@code reviewers} is required unless
     * {@code approvals.from} names reviewer classes (the parser checks it).
     */
    public static final Section REVIEW = new Section("review.<rule>", List.of(
        optional("capabilities"), optional("data"), optional("constraints"), optional("min_depth"),
        optional("external_only"), required("timeout"), optional("reviewers"), optional("approvals")));

    /** A review rule's {@code approvals} written as a mapping. */
    public static final Section APPROVALS = new Section("review.<rule>.approvals", List.of(
        required("required"), optional("from")));

    /** One sensitivity tier; its members are written inline. */
    public static final Section TIER = new Section("tiers.<tier>", List.of(
        required("ttl"), optional("capabilities"), optional("data"), optional("require_justification")));

    /** One break-glass rule. */
    public static final Section BREAK_GLASS = new Section("break_glass.<rule>", List.of(
        required("who"), required("max_ttl"), optional("reason_required"), optional("ceiling"),
        optional("skip_review")));

    /** A break-glass rule's ceiling scope. */
    public static final Section BREAK_GLASS_CEILING = new Section("break_glass.<rule>.ceiling", CONSTRAINED_SCOPE_FIELDS);

    /** Every section, in documentation order. */
    public static final List<Section> SECTIONS = List.of(TOP, VOCABULARY, ARGUMENT, BUDGET, CONSTRAINT, AGENT, AGENT_CEILING, PURPOSE,
        PURPOSE_CEILING, EXTERNAL, DOMAIN, NON_TRANSITIVE, REVIEW, APPROVALS, TIER, BREAK_GLASS, BREAK_GLASS_CEILING);

    /** Entries of maps whose keys the author chooses. */
    public static final List<String> MAP_ENTRIES = List.of("vocabulary.tools.<tool>", "vocabulary.arguments.<tool>",
        "vocabulary.budgets.<budget>", "purposes.<purpose>.budgets.<budget>", "<scope>.constraints.<tool>", "agents.<agent>",
        "purposes.<purpose>", "external.<trust-domain>", "domains.<trust-domain>", "review.<rule>", "tiers.<tier>",
        "break_glass.<rule>", "reviewer_classes.<class>");

    private PolicySchema() {
    }

    /**
     * @return every accepted field path, map-entry templates included, without duplicates, in
     * documentation order.
     */
    public static List<String> fieldPaths() {
        final Set<String> paths = new LinkedHashSet<>();
        for (final Section s : SECTIONS) {
            for (final Field f : s.fields()) {
                paths.add(s.path().isEmpty() ? f.name() : s.path() + '.' + f.name());
            }
        }
        paths.addAll(MAP_ENTRIES);
        return Collections.unmodifiableList(new ArrayList<>(paths));
    }

    private static Field required(final String name) {
        return new Field(name, true);
    }

    private static Field optional(final String name) {
        return new Field(name, false);
    }
}
