package dev.baton.adapter.langchain4j;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DelegationEngine;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Scope;
import dev.baton.UnknownNameException;
import dev.baton.adapter.PresentedWarrant;
import dev.langchain4j.agentic.internal.AgentExecutor;
import dev.langchain4j.agentic.planner.Action;
import dev.langchain4j.agentic.planner.AgenticSystemTopology;
import dev.langchain4j.agentic.planner.InitPlanningContext;
import dev.langchain4j.agentic.planner.Planner;
import dev.langchain4j.agentic.planner.PlanningContext;
import dev.langchain4j.agentic.scope.AgenticScope;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decorates a LangChain4j {@link Planner} so that every hand-off is a Baton decision. Each
 * {@link Action.AgentCallAction} the wrapped planner returns becomes one {@code fanOut} from the planner's grant
 * to the called agents (each mapped by {@link AgentMapping}); each child's warrant goes to the scope's
 * {@link WarrantLedger} for its invocation. If any delegation is refused, the allowed siblings are revoked and
 * the plan ends with a refusal naming the reason instead of calling anyone.
 * <p>
 * Give it to a stock service by building with a planner supplier, e.g.
 * {@code builder.build(() -> new BatonPlanner(new ParallelPlanner(), engine, agents, parent))}; the supervisor
 * takes it by overriding {@code SupervisorAgentServiceImpl.build(Supplier<Planner>)}.
 * <p>
 * <b>Note:</b> one instance per agentic invocation, as LangChain4j creates planners; the engine calls are
 * thread-safe. Each fan-out allocates (the engine's asynchronous form, completed with copies).
 */
public final class BatonPlanner implements Planner {
    /** The execution-context key under which a refusal's description is left for the caller. */
    public static final String REFUSAL_KEY = "dev.baton/refusal";

    private final Planner delegate;
    private final DelegationEngine engine;
    private final AgentMapping agents;
    private final Function<AgenticScope, PresentedWarrant> parent;

    /**
     * @param delegate the planner that decides what to call.
     * @param engine   the engine that issued the parent grant.
     * @param agents   the declared agent mapping.
     * @param parent   the planner's own warrant in a given scope (e.g. {@link BatonAgentic#parentOf}); null means none.
     */
    public BatonPlanner(final Planner delegate, final DelegationEngine engine, final AgentMapping agents,
                        final Function<AgenticScope, PresentedWarrant> parent) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.parent = Objects.requireNonNull(parent, "parent");
    }

    @Override
    public void init(final InitPlanningContext context) {
        delegate.init(context);
    }

    @Override
    public Action firstAction(final PlanningContext context) {
        return guard(context.agenticScope(), delegate.firstAction(context));
    }

    @Override
    public Action nextAction(final PlanningContext context) {
        return guard(context.agenticScope(), delegate.nextAction(context));
    }

    @Override
    public Map<String, Object> executionState() {
        return delegate.executionState();
    }

    @Override
    public void restoreExecutionState(final Map<String, Object> state) {
        delegate.restoreExecutionState(state);
    }

    @Override
    public AgenticSystemTopology topology() {
        return delegate.topology();
    }

    @Override
    public boolean terminated() {
        return delegate.terminated();
    }

    private Action guard(final AgenticScope scope, final Action action) {
        if (!(action instanceof Action.AgentCallAction call)) {
            return action;
        }
        final List<AgentExecutor> called = call.agentsToCall();
        final PresentedWarrant held = parent.apply(scope);
        if (held == null) {
            return refuse(scope, "NO_WARRANT", "the planner holds no warrant for this task");
        }
        final Agent[] delegatees = new Agent[called.size()];
        final Scope[] scopes = new Scope[called.size()];
        final String[] identities = new String[called.size()];
        for (int i = 0; i < delegatees.length; i++) {
            final String name = called.get(i).name();
            final AgentMapping.Binding b = agents.binding(name).orElse(null);
            if (b == null) {
                return refuse(scope, "UNMAPPED_AGENT", "agent '" + name + "' is not in the declared agent mapping");
            }
            try {
                delegatees[i] = engine.agent(b.identity());
            } catch (final UnknownNameException e) {
                return refuse(scope, "UNKNOWN_AGENT", "agent '" + name + "' (" + b.identity() + ") matches no agent in the policy");
            }
            identities[i] = b.identity();
            scopes[i] = b.scope();
        }
        final Agent holder = engine.agent(held.holder());
        final FanOut out = engine.async().fanOut(held.fill(new GrantRef()), holder, delegatees, scopes).join();
        if (out.allowed() < out.size()) {
            return refuseFanOut(scope, called, out, holder);
        }
        final WarrantLedger ledger = WarrantLedger.of(scope);
        for (int i = 0; i < delegatees.length; i++) {
            ledger.offer(called.get(i).agentId(), PresentedWarrant.of(identities[i], out.child(i)));
        }
        return action;
    }

    private Action refuseFanOut(final AgenticScope scope, final List<AgentExecutor> called, final FanOut out,
                                final Agent holder) {
        String refusal = null;
        for (int i = 0; i < out.size(); i++) {
            final Decision d = out.child(i);
            if (d.allowed()) {
                engine.async().revoke(GrantRef.ofId(d.grantId()), holder).join(); // nothing outlives a refused plan
            } else if (refusal == null) {
                refusal = "delegation to '" + called.get(i).name() + "': " + d.describe();
            }
        }
        return refuse(scope, "DELEGATION_REFUSED", refusal);
    }

    private Action refuse(final AgenticScope scope, final String code, final String detail) {
        final String text = "Refused by Baton: " + code + " (" + detail + "). No agent was called.";
        scope.writeExecutionContext(REFUSAL_KEY, text);
        return done(text);
    }
}
