package dev.baton.policy;

import dev.baton.constraint.ArgumentType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code vocabulary.budgets} (each budget names a tool, one of its integer or decimal arguments and,
 * optionally, the actions that spend it) and a purpose's {@code budgets} (its per-task totals, typed by the
 * budget's argument).
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class BudgetReader {
    /** Most budgets a policy may declare. */
    static final int MAX_BUDGETS = 8;

    private final NodeReader r;
    /** Declared budgets by name, or {@code null} when the section could not be read. */
    private Map<String, BudgetDecl> declared = new LinkedHashMap<>();

    BudgetReader(final NodeReader r) {
        this.r = r;
    }

    /**
     * @param node      the {@code budgets} mapping, or {@code null} when absent.
     * @param tools     declared tools and their actions ({@code null} when unreadable).
     * @param arguments the declared arguments.
     * @return the budgets in file order, or {@code null} if the section is not a mapping.
     */
    List<BudgetDecl> read(final Node node, final Map<String, Set<String>> tools, final ArgumentReader arguments) {
        if (node == null) {
            return List.of();
        }
        final List<NodeReader.Entry> entries = r.entries(node, "vocabulary.budgets", "budget", NodeReader.NameKind.NAME);
        if (entries == null) {
            declared = null;
            return null;
        }
        if (entries.size() > MAX_BUDGETS) {
            r.error(entries.get(MAX_BUDGETS).name().at(), "vocabulary.budgets", "too many budgets: at most "
                + MAX_BUDGETS + ", found " + entries.size());
        }
        final List<BudgetDecl> out = new ArrayList<>();
        for (final NodeReader.Entry e : entries) {
            final BudgetDecl b = budget(e, tools, arguments);
            if (b != null) {
                declared.put(b.name().name(), b);
                out.add(b);
            }
        }
        return out;
    }

    private BudgetDecl budget(final NodeReader.Entry e, final Map<String, Set<String>> tools,
                              final ArgumentReader arguments) {
        final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.BUDGET);
        if (f == null || !f.containsKey("tool") || !f.containsKey("argument")) {
            return null;
        }
        final String toolPath = NodeReader.child(e.path(), "tool");
        final NameRef tool = r.name(f.get("tool"), toolPath, "tool", NodeReader.NameKind.NAME);
        final String argPath = NodeReader.child(e.path(), "argument");
        final NameRef argument = r.name(f.get("argument"), argPath, "argument", NodeReader.NameKind.NAME);
        if (tool == null || argument == null) {
            return null;
        }
        if (tools != null && !tools.containsKey(tool.name())) {
            r.error(tool.at(), toolPath, "unknown tool '" + tool.name() + "'; declared tools: "
                + VocabularyReader.listing(tools.keySet()));
            return null;
        }
        final ArgumentDecl decl = arguments.of(tool.name()).get(argument.name());
        if (decl == null) {
            r.error(argument.at(), argPath, "budget on undeclared argument '" + argument.name() + "' of tool '"
                + tool.name() + "'; declared arguments: " + VocabularyReader.listing(arguments.of(tool.name()).keySet()));
            return null;
        }
        if (!decl.type().numeric()) {
            r.error(argument.at(), argPath, "a budget counts an integer or decimal argument; '" + argument.name()
                + "' is " + decl.type().describe());
            return null;
        }
        final List<NameRef> actions = actions(f.get("actions"), NodeReader.child(e.path(), "actions"),
            tools == null ? null : tools.get(tool.name()));
        return actions == null ? null : new BudgetDecl(e.name(), tool, argument, actions, decl.type(), e.name().at());
    }

    private List<NameRef> actions(final Node node, final String path, final Set<String> offered) {
        if (node == null) {
            return List.of();
        }
        final List<NameRef> names = r.names(node, path, "action", NodeReader.NameKind.NAME);
        if (names == null) {
            return null;
        }
        for (final NameRef n : names) {
            if (offered != null && !offered.contains(n.name())) {
                r.error(n.at(), path, "the tool does not offer action '" + n.name() + "'; it offers: "
                    + VocabularyReader.listing(offered));
                return null;
            }
        }
        return names;
    }

    /**
     * Reads {@code purposes.<purpose>.budgets}: budget name to a non-negative total in the budget's type.
     *
     * @return the totals in file order, or {@code null} with the errors recorded.
     */
    List<BudgetLimit> limits(final Node node, final String path) {
        if (node == null) {
            return List.of();
        }
        final List<NodeReader.Entry> entries = r.entries(node, path, "budget", NodeReader.NameKind.NAME);
        if (entries == null || declared == null) {
            return null;
        }
        final List<BudgetLimit> out = new ArrayList<>();
        boolean ok = true;
        for (final NodeReader.Entry e : entries) {
            final BudgetDecl b = declared.get(e.name().name());
            if (b == null) {
                r.error(e.name().at(), e.path(), "unknown budget '" + e.name().name() + "'; declared budgets: "
                    + (declared.isEmpty() ? "none (declare one under vocabulary.budgets)"
                    : VocabularyReader.listing(declared.keySet())));
                ok = false;
                continue;
            }
            final String text = r.string(e.value(), e.path());
            if (text == null) {
                ok = false;
                continue;
            }
            final Long amount = amount(b.type(), text, e);
            if (amount == null) {
                ok = false;
                continue;
            }
            out.add(new BudgetLimit(e.name(), amount, text, r.at(e.value())));
        }
        return ok ? out : null;
    }

    private Long amount(final ArgumentType type, final String text, final NodeReader.Entry e) {
        try {
            final long v = type.parseNumber(text);
            if (v < 0) {
                r.error(e.value(), e.path(), "a budget's total is at least 0, found " + text);
                return null;
            }
            return v;
        } catch (final IllegalArgumentException ex) {
            r.error(e.value(), e.path(), ex.getMessage());
            return null;
        }
    }
}
