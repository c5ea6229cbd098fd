package dev.baton.testkit;

import dev.baton.Agent;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.UnknownNameException;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.IdentityHandle;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameBindingTest {
    private static final String PLANNER = "spiffe://acme.example/agent/planner";
    private static final String READER = "spiffe://acme.example/agent/crm-reader";
    private static final String ALICE = "user:alice@acme.example";
    private static final String STRANGER = "spiffe://elsewhere.example/agent/anyone";

    private static DelegationEngine engine() throws Exception {
        final Policy policy = Policy.load(ScenarioRunnerTest.repoRoot().resolve("src/policies/refund-dispute.yaml"));
        return DelegationEngine.inMemory(policy, new ManualClock(PolicyTestRunner.START_MILLIS), null);
    }

    @Test
    void shouldBindEachIdentityOnceWhateverItsRole() throws Exception {
        final NameBinding names = NameBinding.of(engine());
        final Agent planner = names.agent(PLANNER);
        assertSame(planner, names.agent(PLANNER));
        assertSame(planner, names.principal(PLANNER));
        final Principal alice = names.principal(ALICE);
        assertSame(alice, names.agent(ALICE), "a principal presenting a grant is the same identity");
        assertEquals(ALICE, alice.name());
    }

    @Test
    void shouldLetTheEngineRefuseAStrangerAsUnknown() throws Exception {
        final DelegationEngine engine = engine();
        final NameBinding names = NameBinding.of(engine);
        assertThrows(UnknownNameException.class, () -> engine.agent(STRANGER), "the API binds no stranger");
        final Scope scope = names.scope(List.of("crm.lookup:read"), List.of());
        final DecisionSession session = engine.session();
        final Decision root = session.open(names.principal(ALICE), names.purpose("refund-dispute"),
            names.agent(PLANNER), scope).copy();
        assertEquals(Outcome.ALLOW, root.outcome(), root.describe());
        final Decision toStranger = session.delegate(GrantRef.ofId(root.grantId()), names.agent(PLANNER),
            names.agent(STRANGER), scope);
        assertEquals(Reason.UNKNOWN_AGENT, toStranger.reason(), toStranger.describe());
        final Decision byStranger = session.open(names.principal(STRANGER), names.purpose("refund-dispute"),
            names.agent(PLANNER), scope);
        assertEquals(Reason.PRINCIPAL_NOT_ALLOWED, byStranger.reason(), byStranger.describe());
        final Decision byNobody = session.delegate(GrantRef.ofId(root.grantId()), names.nobody(), names.agent(READER),
            scope);
        assertEquals(Reason.NOT_HOLDER, byNobody.reason(), byNobody.describe());
    }

    @Test
    void shouldInternStrangersWithTheEnginesInternerWhenGiven() throws Exception {
        final DelegationEngine engine = engine();
        final NameBinding names = new NameBinding(engine, name -> 4242);
        assertEquals(4242, names.id(names.agent(STRANGER)));
        assertEquals(((IdentityHandle) engine.agent(PLANNER)).id(), names.id(names.agent(PLANNER)));
    }

    @Test
    void shouldReadTheIntsBehindTheHandles() throws Exception {
        final NameBinding names = NameBinding.of(engine());
        final CompiledPolicy compiled = InMemoryEngine.compiled(names.policy());
        assertEquals(compiled.purpose("refund-dispute"), names.index(names.purpose("refund-dispute")));
        assertEquals(compiled.capability("crm.lookup", "read"), names.index(names.capability("crm.lookup:read")));
        assertEquals(compiled.dataClass("customer_pii"), names.index(names.dataClass("customer_pii")));
        assertEquals(DecisionCore.NO_DATA_CLASS, names.index(names.dataClass(null)));
        assertSame(DataClass.NONE, names.dataClass(null));
        assertEquals(compiled.breakGlassRule("oncall"), names.index(names.breakGlassRule("oncall")));
        final Scope scope = names.scope(List.of("crm.lookup:*"), List.of("internal"));
        assertTrue(scope.contains(names.capability("crm.lookup:read")));
        assertTrue(NameBinding.bits(scope).policy() == compiled);
    }

    @Test
    void shouldRejectMisspeltAndMalformedNames() throws Exception {
        final NameBinding names = NameBinding.of(engine());
        final UnknownNameException misspelt = assertThrows(UnknownNameException.class,
            () -> names.capability("crm.lookup:raed"));
        assertEquals("crm.lookup:read", misspelt.suggestion());
        assertEquals("capability", assertThrows(UnknownNameException.class, () -> names.capability("crmlookup")).kind());
        final IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
            () -> names.scope(List.of("crmlookup"), List.of()));
        assertEquals("expected tool:action, found 'crmlookup'", malformed.getMessage());
    }

    @Test
    void shouldBindGrantNamesInStepOrderAndPlayEachIdentityByItsCast() throws Exception {
        final Scenario s = ScenarioParser.parse(ScenarioRunnerTest.repoRoot().resolve("src/scenarios/refund-dispute.yaml"));
        final UnaryOperator<String> cast = name -> ALICE.equals(name) ? "user:ines@acme.example" : name;
        final StepBinder binder = new StepBinder(NameBinding.of(engine()), cast);
        final List<BoundStep> bound = binder.bind(s.steps());
        assertEquals(s.steps().size(), bound.size());
        final BoundStep.Open first = (BoundStep.Open) bound.get(0);
        assertEquals("user:ines@acme.example", first.root().principal().name());
        assertEquals(0, first.as());
        assertEquals(0, binder.grant(((Step.Open) s.steps().get(0)).as()));
        assertEquals(-1, binder.grant("no-such-grant"));
        assertTrue(binder.grants() > 1);
    }
}
