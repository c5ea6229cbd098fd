package dev.baton.adapter.langchain4j;

import dev.baton.Decision;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import dev.baton.adapter.RefusalMode;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.planner.Planner;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorAgentServiceImpl;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock supervisor takes the decorator by overriding build(Supplier&lt;Planner&gt;); its planner model is scripted. */
class BatonSupervisorTest {
    private RefundDispute task;
    private Policy policy;
    private Decision root;
    private final Tools tools = new Tools();

    @BeforeEach
    void setUp() throws Exception {
        task = new RefundDispute();
        policy = task.policy;
        root = task.session.open(task.engine.principal(RefundDispute.ALICE), policy.purpose("refund-dispute"),
            task.engine.agent(RefundDispute.PLANNER),
            policy.scope().capability("crm.lookup", "read").data("customer_pii").build()).copy();
    }

    @AfterEach
    void tearDown() {
        task.close();
    }

    /** The supervisor's planner model: first calls crmReader, then says it is done. */
    static final class SupervisorScript implements ChatModel {
        private final AtomicInteger turn = new AtomicInteger();

        @Override
        public ChatResponse doChat(final ChatRequest request) {
            final String json = turn.getAndIncrement() == 0
                ? "{\"agentName\":\"crmReader\",\"arguments\":{\"request\":\"look up C-1042\"}}"
                : "{\"agentName\":\"done\",\"arguments\":{\"response\":\"finished\"}}";
            return ChatResponse.builder().aiMessage(AiMessage.from(json)).build();
        }
    }

    /** The stock supervisor with its planner decorated. */
    final class BatonSupervisor extends SupervisorAgentServiceImpl<SupervisorAgent> {
        private final AgentMapping agents;

        BatonSupervisor(final AgentMapping agents) throws NoSuchMethodException {
            super(SupervisorAgent.class, SupervisorAgent.class.getMethod("invoke", String.class));
            this.agents = agents;
        }

        @Override
        public SupervisorAgent build(final Supplier<Planner> planner) {
            return super.build(() -> new BatonPlanner(planner.get(), task.engine, agents, BatonAgentic::parentOf));
        }
    }

    private SupervisorAgent supervisor(final Scope crmScope, final ScriptedModel crmModel) throws Exception {
        final Object crmReader = AgenticServices.agentBuilder(SubAgent.class).name("crmReader").outputKey("crmReader")
            .chatModel(crmModel).tools(BatonTools.guard(tools, new EngineToolAuthorizer(task.engine,
                BatonAgenticTest.toolMapping()), RefusalMode.TELL_MODEL)).build();
        final BatonSupervisor builder = new BatonSupervisor(AgentMapping.builder()
            .agent("crmReader", RefundDispute.CRM_READER, crmScope).build());
        builder.chatModel(new SupervisorScript()).subAgents(crmReader)
            .beforeCall(BatonAgentic.presentParent(() -> PresentedWarrant.of(RefundDispute.PLANNER, root)))
            .listener(new WarrantBinder());
        return builder.build();
    }

    @Test
    void shouldDelegateEachSupervisorStepThroughBaton() throws Exception {
        final ScriptedModel crm = new ScriptedModel("lookup_customer", BatonAgenticTest.LOOKUP);
        supervisor(policy.scope().capability("crm.lookup", "read").data("customer_pii").build(), crm)
            .invoke("refund dispute #4411");
        assertEquals(1, tools.runs("lookup_customer"), crm.toolResults.toString());
    }

    @Test
    void shouldEndTheSupervisorsPlanWhenTheHandOffIsRefused() throws Exception {
        final ScriptedModel crm = new ScriptedModel("lookup_customer", BatonAgenticTest.LOOKUP);
        // The root grant holds no ledger access: asking for it is not an attenuation.
        final String result = supervisor(policy.scope().capability("ledger.read", "read").data("financial").build(), crm)
            .invoke("refund dispute #4411");
        assertEquals(0, crm.turns());
        assertTrue(result.contains("Refused by Baton"), result);
    }
}
