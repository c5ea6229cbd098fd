package dev.baton;

import dev.baton.core.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Argument constraints in a requested scope ({@link Scope.Builder#constrain}): a delegation (or a fan-out's
 * child) asks for constraints narrower than those it would otherwise get; the granted child and everything
 * under it are held to them; a request wider than, or not decidably within, what the child would get is
 * refused {@code CONSTRAINT_NOT_ATTENUATED}; a request on an undeclared argument, or of the wrong type, is a
 * typed error when the scope is built.
 */
class RequestedConstraintsTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final String LEAD = "spiffe://acme.example/agent/lead";
    private static final String WORKER = "spiffe://acme.example/agent/worker-";
    private static final String PARTNER = "spiffe://partner.example/agent/summariser";
    private static Policy policy;

    @BeforeAll
    static void load() throws Exception {
        policy = Policy.load(Path.of(RequestedConstraintsTest.class.getResource("/policies/requested-constraints.yaml")
            .toURI()));
    }

    /** A session of a fresh engine, with the lead's root grant (refunds and summaries). */
    private static final class Fixture implements AutoCloseable {
        final DelegationEngine engine = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
        final DecisionSession s = engine.session();
        final Agent lead = engine.agent(LEAD);
        final Capability refund = policy.capability("ledger.refund", "refund");
        final Capability summarize = policy.capability("doc.summarize", "summarize");
        final DataClass financial = policy.dataClass("financial");
        final Argument amount = policy.argument("ledger.refund", "amount");
        final Argument order = policy.argument("ledger.refund", "order");
        final Argument path = policy.argument("doc.summarize", "path");
        final ToolArguments args = new ToolArguments();
        final GrantRef root;

        Fixture() {
            final Decision d = s.open(engine.principal("user:ana@acme.example"), policy.purpose("refund"), lead,
                policy.scope().capability(refund).capability(summarize).data("financial").data("public").build());
            assertTrue(d.allowed(), d::describe);
            root = new GrantRef().id(d.grantId());
        }

        /** Refunds of one order: the worker's ceiling does not constrain orders, so the request narrows them. */
        Scope.Builder refunds() {
            return policy.scope().capability(refund).data("financial").constrain(order, "exact", "ord-12345");
        }

        GrantRef allowed(final Decision d) {
            assertTrue(d.allowed(), d::describe);
            return new GrantRef().id(d.grantId());
        }

        Decision pay(final GrantRef grant, final Agent holder, final long cents) {
            return s.authorize(grant, holder, refund, financial, null, null,
                args.clear().decimal(amount, cents, 2).string(order, "ord-12345"));
        }

        @Override
        public void close() {
            s.close();
            engine.close();
        }
    }

    @Test
    void shouldHoldAChildToTheConstraintItsScopeAskedFor() {
        try (Fixture f = new Fixture()) {
            final Agent worker = f.engine.agent(WORKER + "1");
            final GrantRef child = f.allowed(f.s.delegate(f.root, f.lead, worker,
                f.refunds().constrain(f.amount, "range", "0.00", "50.00").build()));
            assertTrue(f.pay(child, worker, 5_000).allowed(), "50.00 is within the requested range");
            final Decision over = f.pay(child, worker, 5_001);
            assertEquals(Reason.ARGUMENT_CONSTRAINT, over.reason(), over::describe);
            assertTrue(f.pay(f.root, f.lead, 90_000).allowed(), "the parent keeps its own range");
            final GrantRef sibling = f.allowed(f.s.delegate(f.root, f.lead, worker, f.refunds().build()));
            assertTrue(f.pay(sibling, worker, 90_000).allowed(), "a sibling that asked for nothing is not narrowed");
        }
    }

    @Test
    void shouldRefuseARequestedConstraintWiderThanACeilingNamingIt() {
        try (Fixture f = new Fixture()) {
            final Decision d = f.s.delegate(f.root, f.lead, f.engine.agent(WORKER + "1"),
                f.refunds().constrain(f.amount, "range", "0.00", "2000.00").build());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, d.reason(), d::describe);
            assertTrue(d.rule().endsWith(".ceiling.constraints.ledger.refund.amount"), d::describe);
            assertEquals("ledger.refund:refund", d.capability().name());
        }
    }

    @Test
    void shouldRefuseARequestedConstraintWhoseContainmentIsUndecided() {
        try (Fixture f = new Fixture()) {
            final Decision d = f.s.delegate(f.root, f.lead, f.engine.agent(WORKER + "1"),
                policy.scope().capability(f.refund).data("financial").constrain(f.order, "regex", "ord-1[0-9]{4}").build());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, d.reason(),
                "a regex within another regex is not decided: the delegation is refused");
            assertEquals("agents.lead.ceiling.constraints.ledger.refund.order", d.rule(), d::describe);
            final Decision exact = f.s.delegate(f.root, f.lead, f.engine.agent(WORKER + "1"),
                f.refunds().build());
            assertTrue(exact.allowed(), "a value the regex matches is within it: " + exact.describe());
        }
    }

    @Test
    void shouldLetARequestNarrowWhatTheDelegateesCeilingLeavesOpen() {
        try (Fixture f = new Fixture()) {
            final Agent worker = f.engine.agent(WORKER + "1");
            final Decision open = f.s.delegate(f.root, f.lead, worker,
                policy.scope().capability(f.refund).data("financial").build());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, open.reason(),
                "the worker's ceiling leaves order ids open, which the lead's regex constrains");
            assertEquals("agents.lead.ceiling.constraints.ledger.refund.order", open.rule(), open::describe);
            final GrantRef child = f.allowed(f.s.delegate(f.root, f.lead, worker, f.refunds().build()));
            assertTrue(f.pay(child, worker, 100).allowed());
            final Decision other = f.s.authorize(child, worker, f.refund, f.financial, null, null,
                f.args.clear().decimal(f.amount, 100, 2).string(f.order, "ord-99999"));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, other.reason(), "only the order the request named");
        }
    }

    @Test
    void shouldHoldEveryDescendantToAnAncestorsRequestedConstraint() {
        try (Fixture f = new Fixture()) {
            final Agent w1 = f.engine.agent(WORKER + "1");
            final Agent w2 = f.engine.agent(WORKER + "2");
            final Agent w3 = f.engine.agent(WORKER + "3");
            final GrantRef child = f.allowed(f.s.delegate(f.root, f.lead, w1,
                f.refunds().constrain(f.amount, "range", "0.00", "100.00").build()));
            final GrantRef grandchild = f.allowed(f.s.delegate(child, w1, w2, f.refunds().build()));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, f.pay(grandchild, w2, 10_001).reason(),
                "a grandchild that asked for nothing inherits its parent's requested range");
            final Decision wider = f.s.delegate(child, w1, w2,
                f.refunds().constrain(f.amount, "range", "0.00", "500.00").build());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, wider.reason(), wider::describe);
            assertEquals(null, wider.rule(), "the parent grant's requested constraint decides, not a policy line");
            final GrantRef narrower = f.allowed(f.s.delegate(child, w1, w2,
                f.refunds().constrain(f.amount, "one_of", "10.00", "20.00").build()));
            final GrantRef great = f.allowed(f.s.delegate(narrower, w2, w3, f.refunds().build()));
            assertTrue(f.pay(great, w3, 2_000).allowed());
            assertEquals(Reason.ARGUMENT_CONSTRAINT, f.pay(great, w3, 3_000).reason(),
                "30.00 is within the grandparent's range but not the parent's set");
        }
    }

    @Test
    void shouldLetAFanOutGiveEachChildItsOwnConstraints() {
        try (Fixture f = new Fixture()) {
            final Agent w1 = f.engine.agent(WORKER + "1");
            final Agent w2 = f.engine.agent(WORKER + "2");
            final Agent partner = f.engine.agent(PARTNER);
            final FanOut out = f.s.fanOut(f.root, f.lead, new Agent[] {w1, w2, partner}, new Scope[] {
                f.refunds().constrain(f.amount, "range", "0.00", "10.00").build(),
                f.refunds().constrain(f.amount, "range", "0.00", "20.00").build(),
                policy.scope().capability(f.summarize).data("public").constrain(f.path, "prefix", "kb/").build()});
            assertEquals(2, out.allowed());
            assertTrue(f.pay(f.allowed(out.child(1)), w2, 1_500).allowed());
            assertEquals(Reason.ARGUMENT_CONSTRAINT, f.pay(f.allowed(out.child(0)), w1, 1_500).reason());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, out.child(2).reason(),
                "kb/ is wider than the partner's external limit kb/public/");
            assertEquals("external.partner.example.constraints.doc.summarize.path", out.child(2).rule());
        }
    }

    @Test
    void shouldHoldARootGrantOrAnEmergencyGrantToWhatItAskedFor() {
        try (Fixture f = new Fixture()) {
            final Principal ana = f.engine.principal("user:ana@acme.example");
            final GrantRef root = f.allowed(f.s.open(ana, policy.purpose("refund"), f.lead,
                f.refunds().constrain(f.amount, "range", "0.00", "10.00").build()));
            assertTrue(f.pay(root, f.lead, 1_000).allowed());
            assertEquals(Reason.ARGUMENT_CONSTRAINT, f.pay(root, f.lead, 1_001).reason());
            final Decision wide = f.s.open(ana, policy.purpose("refund"), f.lead,
                f.refunds().constrain(f.amount, "range", "0.00", "1000.01").build());
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, wide.reason(), wide::describe);
            assertEquals("agents.lead.ceiling.constraints.ledger.refund.amount", wide.rule());

            final Principal oncall = f.engine.principal("user:oncall-bo@acme.example");
            final BreakGlassRule rule = policy.breakGlassRule("oncall");
            final Decision over = f.s.breakGlass(oncall, rule, f.lead, policy.purpose("refund"),
                f.refunds().constrain(f.amount, "range", "0.00", "200.00").build(), "outage", 0);
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, over.reason(), "wider than the rule's ceiling: "
                + over.describe());
            assertEquals("break_glass.oncall.ceiling.constraints.ledger.refund.amount", over.rule());
            final GrantRef glass = f.allowed(f.s.breakGlass(oncall, rule, f.lead, policy.purpose("refund"),
                f.refunds().constrain(f.amount, "range", "0.00", "20.00").build(), "outage", 0));
            assertTrue(f.pay(glass, f.lead, 2_000).allowed());
            assertEquals(Reason.ARGUMENT_CONSTRAINT, f.pay(glass, f.lead, 2_001).reason(),
                "within the rule's 100.00 but over the 20.00 asked for");
        }
    }

    @Test
    void shouldRefuseAMalformedRequestedConstraintWhenTheScopeIsBuilt() {
        final UnknownNameException unknown = assertThrows(UnknownNameException.class,
            () -> policy.scope().capability("ledger.refund", "refund").constrain("ledger.refund", "amont", "exact", "1"));
        assertEquals("argument", unknown.kind(), unknown.getMessage());
        assertTrue(unknown.getMessage().startsWith("unknown argument 'ledger.refund(amont)' in policy ")
            && unknown.getMessage().endsWith("(did you mean 'ledger.refund(amount)'?)"), unknown.getMessage());
        final Argument amount = policy.argument("ledger.refund", "amount");
        final Argument path = policy.argument("doc.summarize", "path");
        assertMessage("prefix applies to string, enum and identifier arguments; this one is decimal(2)",
            () -> policy.scope().constrain(amount, "prefix", "1"));
        assertMessage("range bounds are reversed: 9.00 is above 1.00; expected [low, high]",
            () -> policy.scope().constrain(amount, "range", "9.00", "1.00"));
        assertMessage("expected a decimal with at most 2 fraction digits, found '0.001'",
            () -> policy.scope().constrain(amount, "exact", "0.001"));
        assertMessage("'GBP' is not a value of enum[EUR, USD]",
            () -> policy.scope().constrain("ledger.refund", "currency", "one_of", "EUR", "GBP"));
        assertMessage("is outside the linear-time form", () -> policy.scope().constrain(path, "regex", "(a)\\1"));
        assertMessage("expected exactly one of: exact, one_of, range, prefix, glob, regex, found 'between'",
            () -> policy.scope().constrain(path, "between", "a"));
        assertMessage("constrained twice", () -> policy.scope().constrain(path, "prefix", "a").constrain(path, "prefix", "b"));
        assertMessage("constraint on tool 'doc.summarize', of which this scope grants no capability",
            () -> policy.scope().capability("ledger.refund", "refund").constrain(path, "prefix", "kb/").build());
    }

    private static void assertMessage(final String part, final org.junit.jupiter.api.function.Executable build) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
