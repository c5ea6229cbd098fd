package dev.baton.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code vocabulary} and answers which actions, tools, data classes and trust domains are
 * declared. A part that could not be read (missing or of the wrong type) is marked unknown, and
 * references into it are then not checked, so one broken list does not bury the file in follow-on
 * errors.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class VocabularyReader {
    /** Most capabilities ((tool, action) pairs) a policy may declare. */
    static final int MAX_CAPABILITIES = 4096;
    /** Most data classes a policy may declare. */
    static final int MAX_DATA_CLASSES = 64;
    private static final int MAX_LISTED = 16;

    private final NodeReader r;
    private Set<String> actions;
    private Map<String, Set<String>> tools;
    private Set<String> dataClasses;
    private Set<String> trustDomains;
    private Vocabulary vocabulary;
    private final ArgumentReader arguments;
    private final BudgetReader budgets;

    VocabularyReader(final NodeReader r) {
        this.r = r;
        this.arguments = new ArgumentReader(r);
        this.budgets = new BudgetReader(r);
    }

    /** Reads the section; {@code node} may be {@code null} when the field is missing. */
    void read(final Node node) {
        if (node == null) {
            return;
        }
        final Map<String, Node> f = r.fields(node, "vocabulary", PolicySchema.VOCABULARY);
        if (f == null) {
            return;
        }
        final List<NameRef> actionList = list(f.get("actions"), "vocabulary.actions", "action",
            NodeReader.NameKind.NAME);
        actions = names(actionList);
        final List<NameRef> dataList = list(f.get("data_classes"), "vocabulary.data_classes", "data class",
            NodeReader.NameKind.NAME);
        if (dataList != null && dataList.size() > MAX_DATA_CLASSES) {
            final NameRef extra = dataList.get(MAX_DATA_CLASSES);
            r.error(extra.at(), "vocabulary.data_classes",
                "too many data classes: at most " + MAX_DATA_CLASSES + ", found " + dataList.size());
        }
        dataClasses = names(dataList);
        final List<NameRef> domainList = list(f.get("trust_domains"), "vocabulary.trust_domains", "trust domain",
            NodeReader.NameKind.TRUST_DOMAIN);
        trustDomains = names(domainList);
        final List<ToolDecl> toolList = tools(f.get("tools"));
        final List<ArgumentDecl> argumentList = arguments.read(f.get("arguments"), tools == null ? null : tools.keySet());
        final List<BudgetDecl> budgetList = argumentList == null ? List.of()
            : budgets.read(f.get("budgets"), tools, arguments);
        if (actionList != null && dataList != null && domainList != null && toolList != null && argumentList != null
            && budgetList != null) {
            vocabulary = new Vocabulary(List.copyOf(actionList), List.copyOf(toolList), List.copyOf(dataList),
                List.copyOf(domainList), List.copyOf(argumentList), List.copyOf(budgetList));
        }
    }

    /** @return the declared budgets. */
    BudgetReader budgets() {
        return budgets;
    }

    /** @return the declared tool arguments. */
    ArgumentReader arguments() {
        return arguments;
    }

    /**
     * @param tool   a tool name.
     * @param action an action name.
     * @return whether the tool is declared and offers the action ({@code true} when tools are unknown).
     */
    boolean offers(final String tool, final String action) {
        final Set<String> offered = tools == null ? null : tools.get(tool);
        return tools == null || offered != null && offered.contains(action);
    }

    /** @return the actions {@code tool} offers, or an empty set. */
    Set<String> actionsOf(final String tool) {
        return tools == null ? Set.of() : tools.getOrDefault(tool, Set.of());
    }

    /** @return the vocabulary, or {@code null} if any part of it could not be read. */
    Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Checks that a tool is declared.
     *
     * @return {@code false} (error recorded) if tools are known and this one is not declared.
     */
    boolean checkTool(final String tool, final SourceRef at, final String path) {
        if (tools != null && !tools.containsKey(tool)) {
            r.error(at, path, "unknown tool '" + tool + "'; declared tools: " + listing(tools.keySet()));
            return false;
        }
        return true;
    }

    /**
     * Checks that an action is declared and that {@code tool} offers it.
     *
     * @return {@code false} (error recorded) if it is not.
     */
    boolean checkAction(final String tool, final String action, final SourceRef at, final String path) {
        if (actions != null && !actions.contains(action)) {
            r.error(at, path, "unknown action '" + action + "'; declared actions: " + listing(actions));
            return false;
        }
        final Set<String> offered = tools == null ? null : tools.get(tool);
        if (offered != null && !offered.contains(action)) {
            r.error(at, path, "tool '" + tool + "' does not offer action '" + action + "'; it offers: "
                + listing(offered));
            return false;
        }
        return true;
    }

    /**
     * Checks a tool family {@code prefix.*} ({@code prefix} without the dot) and, unless {@code action} is
     * {@code *}, that some tool of the family offers the action.
     *
     * @return {@code false} (error recorded) if no declared tool is in the family or none offers the action.
     */
    boolean checkFamily(final String prefix, final String action, final SourceRef at, final String path) {
        if (tools == null || actions == null) {
            return true;
        }
        final String dotted = prefix + '.';
        boolean member = false;
        for (final Map.Entry<String, Set<String>> t : tools.entrySet()) {
            if (t.getKey().startsWith(dotted)) {
                member = true;
                if (CapabilityRef.ANY.equals(action) || t.getValue().contains(action)) {
                    return true;
                }
            }
        }
        if (!member) {
            r.error(at, path, "no declared tool is in the family '" + prefix + ".*'; declared tools: "
                + listing(tools.keySet()));
            return false;
        }
        if (!actions.contains(action)) {
            r.error(at, path, "unknown action '" + action + "'; declared actions: " + listing(actions));
            return false;
        }
        r.error(at, path, "no tool of the family '" + prefix + ".*' offers action '" + action + "'");
        return false;
    }

    /**
     * Checks that an action is declared and offered by at least one tool ({@code *:action}).
     *
     * @return {@code false} (error recorded) if it is not.
     */
    boolean checkAnyToolAction(final String action, final SourceRef at, final String path) {
        if (tools == null || actions == null) {
            return true;
        }
        if (!actions.contains(action)) {
            r.error(at, path, "unknown action '" + action + "'; declared actions: " + listing(actions));
            return false;
        }
        for (final Set<String> offered : tools.values()) {
            if (offered.contains(action)) {
                return true;
            }
        }
        r.error(at, path, "no tool offers action '" + action + "'");
        return false;
    }

    /** @return {@code false} (error recorded) if data classes are known and {@code name} is not one. */
    boolean checkDataClass(final String name, final SourceRef at, final String path) {
        return check(dataClasses, name, at, path, "data class");
    }

    /** @return {@code false} (error recorded) if trust domains are known and {@code name} is not one. */
    boolean checkTrustDomain(final String name, final SourceRef at, final String path) {
        return check(trustDomains, name, at, path, "trust domain");
    }

    private boolean check(final Set<String> declared, final String name, final SourceRef at, final String path,
                          final String what) {
        if (declared != null && !declared.contains(name)) {
            r.error(at, path, "unknown " + what + " '" + name + "'; declared " + what + (what.endsWith("s") ? "es: " : "s: ")
                + listing(declared));
            return false;
        }
        return true;
    }

    private List<NameRef> list(final Node node, final String path, final String what,
                               final NodeReader.NameKind kind) {
        return node == null ? null : r.names(node, path, what, kind);
    }

    private List<ToolDecl> tools(final Node node) {
        if (node == null) {
            return null;
        }
        final List<NodeReader.Entry> entries = r.entries(node, "vocabulary.tools", "tool", NodeReader.NameKind.NAME);
        if (entries == null) {
            return null;
        }
        final Map<String, Set<String>> offered = new LinkedHashMap<>();
        final List<ToolDecl> out = new ArrayList<>(entries.size());
        int capabilities = 0;
        for (final NodeReader.Entry e : entries) {
            final List<Node> items = r.list(e.value(), e.path());
            final Set<String> toolActions = new LinkedHashSet<>();
            offered.put(e.name().name(), toolActions);
            if (items == null) {
                continue;
            }
            final List<NameRef> refs = new ArrayList<>(items.size());
            final Map<String, SourceRef> seen = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                final String path = NodeReader.index(e.path(), i);
                final NameRef a = r.name(items.get(i), path, "action", NodeReader.NameKind.NAME);
                if (a == null || !r.unique(a.name(), a.at(), seen, path, "action")) {
                    continue;
                }
                if (actions != null && !actions.contains(a.name())) {
                    r.error(a.at(), path, "unknown action '" + a.name() + "'; declared actions: " + listing(actions));
                    continue;
                }
                if (++capabilities == MAX_CAPABILITIES + 1) {
                    r.error(a.at(), path, "too many capabilities: at most " + MAX_CAPABILITIES
                        + " (tool, action) pairs in all");
                }
                toolActions.add(a.name());
                refs.add(a);
            }
            out.add(new ToolDecl(e.name(), List.copyOf(refs)));
        }
        tools = offered;
        return out;
    }

    private static Set<String> names(final List<NameRef> list) {
        if (list == null) {
            return null;
        }
        final Set<String> out = new LinkedHashSet<>();
        for (final NameRef n : list) {
            out.add(n.name());
        }
        return out;
    }

    /** Names for an error message: at most a few, then a count. */
    static String listing(final Iterable<String> names) {
        final StringBuilder sb = new StringBuilder();
        int n = 0;
        int more = 0;
        for (final String s : names) {
            if (n == MAX_LISTED) {
                more++;
                continue;
            }
            if (n++ > 0) {
                sb.append(", ");
            }
            sb.append(s);
        }
        if (n == 0) {
            return "(none)";
        }
        if (more > 0) {
            sb.append(", and ").append(more).append(" more");
        }
        return sb.toString();
    }
}
