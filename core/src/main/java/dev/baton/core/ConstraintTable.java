package dev.baton.core;

import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Attenuation;
import dev.baton.constraint.Constraint;
import dev.baton.core.PolicyHandles.ArgumentHandle;
import dev.baton.policy.ArgumentDecl;
import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.ConstraintSpec;
import dev.baton.policy.ExternalLimit;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.ScopeSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared tool arguments of a compiled policy and the constraints its ceilings and external limits
 * place on them, as decision tables. Arguments are numbered in declaration order. Each constraint is
 * expanded to one entry per capability of its tool, filed under its owner's row: agents' ceilings first,
 * then purposes' ceilings, external limits by trust domain, break-glass ceilings, review rules' triggers. Each
 * entry names a rule
 * ({@code agents.payments.ceiling.constraints.ledger.refund.amount}) at the line of its constraint.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; look-ups allocate nothing.
 */
public final class ConstraintTable {
    final int argumentCount;
    final ArgumentType[] argumentType;
    final String[] argumentTool;
    final String[] argumentName;
    /** The one handle of each argument that the policy's API hands out (see {@link PolicyNames}). */
    final ArgumentHandle[] argumentHandles;
    final int agentRow;
    final int purposeRow;
    final int domainRow;
    final int glassRow;
    /** Rows of the review rules' triggers: their constraints narrow which calls a rule is about. */
    final int reviewRow;
    /** Entries of row r: [rowStart[r], rowStart[r + 1]). */
    final int[] rowStart;
    final int[] entryCapability;
    final int[] entryArgument;
    final Constraint[] entryConstraint;
    final int[] entryRule;
    /** Agents of the policy; rows of {@link #notWithin}. */
    final int agentCount;
    /**
     * {@code notWithin[e * agentCount + b]}: agent {@code b}'s ceiling constrains the argument of entry
     * {@code e} (on its capability) no narrower than the entry does, or cannot be shown to: delegating the
     * capability from the entry's owner to {@code b} would widen it.
     */
    final boolean[] notWithin;
    /** Each entry as a call tests it. */
    final ArgumentTest[] entryTest;
    /**
     * {@link #entryTest} as a call walks them: {@code callTests[row][capability]} for the rows before the
     * review rows; empty when the policy has no constraint ({@link #entryCount()} 0).
     */
    final ArgumentTest[][][] callTests;
    /** Which constrained review rules' capabilities an agent's or a purpose's ceiling keeps out of reach. */
    final ReviewExemptions reviewExemptions;

    /**
     * @param owner the policy being compiled, which the argument handles name as theirs (only stored).
     */
    ConstraintTable(final PolicyDocument policy, final PolicyLayout layout, final RuleIds rules,
                    final CompiledPolicy owner) {
        final List<ArgumentDecl> args = policy.vocabulary().arguments();
        argumentCount = args.size();
        argumentType = new ArgumentType[argumentCount];
        argumentTool = new String[argumentCount];
        argumentName = new String[argumentCount];
        final Map<String, Integer> argIndex = readArguments(args);
        argumentHandles = new ArgumentHandle[argumentCount];
        for (int a = 0; a < argumentCount; a++) {
            argumentHandles[a] = new ArgumentHandle(owner, a, argumentTool[a], argumentName[a]);
        }
        final List<ScopeSpec> owners = new ArrayList<>();
        final List<String> ownerPaths = new ArrayList<>();
        final int[] rows = owners(policy, layout, owners, ownerPaths);
        agentRow = rows[0];
        purposeRow = rows[1];
        domainRow = rows[2];
        glassRow = rows[3];
        reviewRow = rows[4];
        rowStart = new int[owners.size() + 1];
        final List<int[]> entries = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();
        for (int row = 0; row < owners.size(); row++) {
            rowStart[row] = entries.size();
            final ScopeSpec scope = owners.get(row);
            for (final ConstraintSpec spec : scope == null ? List.<ConstraintSpec>of() : scope.constraints()) {
                final int arg = argIndex.get(spec.tool().name() + '\n' + spec.argument().name());
                final int rule = rules.add(ownerPaths.get(row) + ".constraints." + spec.tool().name() + '.'
                    + spec.argument().name(), spec.at());
                for (int c = 0; c < layout.capabilityCount(); c++) {
                    if (layout.capTool.get(c).equals(spec.tool().name())) {
                        entries.add(new int[] {c, arg, rule});
                        constraints.add(spec.constraint());
                    }
                }
            }
        }
        rowStart[owners.size()] = entries.size();
        entryCapability = new int[entries.size()];
        entryArgument = new int[entries.size()];
        entryRule = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            entryCapability[i] = entries.get(i)[0];
            entryArgument[i] = entries.get(i)[1];
            entryRule[i] = entries.get(i)[2];
        }
        entryConstraint = constraints.toArray(new Constraint[0]);
        agentCount = policy.agents().size();
        notWithin = notWithinTable();
        entryTest = tests();
        callTests = CallTests.byRowAndCapability(rowStart, entryTest, reviewRow, layout.capabilityCount());
        reviewExemptions = new ReviewExemptions(this, policy.reviews().size(), policy.purposes().size(), layout.words);
    }

    /**
     * Lists the scopes whose constraints are filed, in row order: agents' ceilings, purposes' ceilings, external
     * limits by trust domain, break-glass ceilings, review triggers.
     *
     * @return the first row of each of those five kinds.
     */
    private static int[] owners(final PolicyDocument policy, final PolicyLayout layout, final List<ScopeSpec> owners,
                                final List<String> ownerPaths) {
        final int[] rows = new int[5];
        policy.agents().forEach(a -> add(owners, ownerPaths, a.ceiling(), "agents." + a.name().name() + ".ceiling"));
        rows[0] = 0;
        rows[1] = owners.size();
        policy.purposes().forEach(p -> add(owners, ownerPaths, p.ceiling(), "purposes." + p.name().name() + ".ceiling"));
        rows[2] = owners.size();
        final int domains = Math.max(1, policy.vocabulary().trustDomains().size());
        final ScopeSpec[] byDomain = new ScopeSpec[domains];
        for (final ExternalLimit limit : policy.external()) {
            byDomain[layout.domainIndex.get(limit.trustDomain().name())] = limit.limit();
        }
        for (int d = 0; d < domains; d++) {
            add(owners, ownerPaths, byDomain[d], byDomain[d] == null ? "" : "external."
                + policy.vocabulary().trustDomains().get(d).name());
        }
        rows[3] = owners.size();
        for (final BreakGlassRule b : policy.breakGlass()) {
            add(owners, ownerPaths, b.ceiling(), "break_glass." + b.name().name() + ".ceiling");
        }
        rows[4] = owners.size();
        for (final ReviewRule r : policy.reviews()) {
            add(owners, ownerPaths, r.trigger(), "review." + r.name().name());
        }
        return rows;
    }

    /**
     * Fills the argument tables from the declarations.
     *
     * @return the index of each argument by {@code tool + '\n' + name}
     */
    private Map<String, Integer> readArguments(final List<ArgumentDecl> args) {
        final Map<String, Integer> argIndex = new HashMap<>();
        for (int i = 0; i < argumentCount; i++) {
            argumentType[i] = args.get(i).type();
            argumentTool[i] = args.get(i).tool().name();
            argumentName[i] = args.get(i).name().name();
            argIndex.put(argumentTool[i] + '\n' + argumentName[i], i);
        }
        return argIndex;
    }

    /** The {@link #entryTest} table, from the entries. */
    private ArgumentTest[] tests() {
        final Map<Constraint, ByteDfa> tables = new IdentityHashMap<>();
        final ArgumentTest[] tests = new ArgumentTest[entryRule.length];
        for (int e = 0; e < tests.length; e++) {
            final int arg = entryArgument[e];
            tests[e] = new ArgumentTest(entryCapability[e], argumentHandles[arg], position(arg), entryRule[e],
                argumentType[arg], entryConstraint[e], tables);
        }
        return tests;
    }

    /** @return the place of {@code argument} among its tool's declared arguments. */
    private int position(final int argument) {
        int n = 0;
        for (int a = 0; a < argument; a++) {
            n += argumentTool[a].equals(argumentTool[argument]) ? 1 : 0;
        }
        return n;
    }

    /** The {@link #notWithin} table, from the entries and {@link #agentCount}. */
    private boolean[] notWithinTable() {
        final boolean[] table = new boolean[entryRule.length * agentCount];
        for (int e = 0; e < entryRule.length; e++) {
            for (int b = 0; b < agentCount; b++) {
                table[e * agentCount + b] = Attenuation.within(agentConstraint(b, e), entryConstraint[e])
                    != Attenuation.Verdict.WITHIN;
            }
        }
        return table;
    }

    /** Agent {@code b}'s ceiling constraint on the capability and argument of entry {@code e}, or null. */
    private Constraint agentConstraint(final int b, final int e) {
        for (int i = rowStart[agentRow + b]; i < rowStart[agentRow + b + 1]; i++) {
            if (entryCapability[i] == entryCapability[e] && entryArgument[i] == entryArgument[e]) {
                return entryConstraint[i];
            }
        }
        return null;
    }

    private static void add(final List<ScopeSpec> owners, final List<String> paths, final ScopeSpec scope,
                            final String path) {
        owners.add(scope);
        paths.add(path);
    }

    /** @return the number of declared arguments. */
    public int argumentCount() {
        return argumentCount;
    }

    /**
     * @param argument an argument index.
     * @return its declared type.
     */
    public ArgumentType type(final int argument) {
        return argumentType[argument];
    }

    /**
     * @param argument an argument index.
     * @return {@code tool.argument}.
     */
    public String argumentName(final int argument) {
        return argumentTool[argument] + '.' + argumentName[argument];
    }

    /**
     * @param tool     a tool name.
     * @param argument an argument name.
     * @return its index, or -1 when the tool declares no such argument.
     */
    public int argument(final String tool, final String argument) {
        for (int i = 0; i < argumentCount; i++) {
            if (argumentTool[i].equals(tool) && argumentName[i].equals(argument)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the number of constraint entries (one per constraint and capability of its tool). */
    public int entryCount() {
        return entryRule.length;
    }

    /**
     * @param rule a rule id of the compiled policy.
     * @return the constraint behind it, or {@code null} if the rule is not a constraint.
     */
    public Constraint constraintOfRule(final int rule) {
        for (int i = 0; i < entryRule.length; i++) {
            if (entryRule[i] == rule) {
                return entryConstraint[i];
            }
        }
        return null;
    }
}
