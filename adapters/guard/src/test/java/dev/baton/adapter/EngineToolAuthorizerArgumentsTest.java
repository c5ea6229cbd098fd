package dev.baton.adapter;

import dev.baton.Reason;
import dev.baton.UnknownNameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The declared arguments reach the engine's constraints (refunds-constrained.yaml, in-memory engine). */
class EngineToolAuthorizerArgumentsTest {
    private ConstrainedRefunds refunds;
    private ToolCallAuthorizer authorizer;
    private PresentedWarrant support;

    @BeforeEach
    void setUp() throws Exception {
        refunds = new ConstrainedRefunds();
        authorizer = new EngineToolAuthorizer(refunds.engine, ConstrainedRefunds.tools());
        support = refunds.openTask();
    }

    @AfterEach
    void tearDown() {
        refunds.close();
    }

    private ToolVerdict refund(final Map<String, ?> arguments) {
        return authorizer.authorize(ToolCall.of("refund", arguments, support));
    }

    private static Map<String, Object> with(final String name, final Object value) {
        final Map<String, Object> args = new HashMap<>(ConstrainedRefunds.inRange());
        if (value == null) {
            args.remove(name);
        } else {
            args.put(name, value);
        }
        return args;
    }

    @Test
    void shouldAllowARefundWithinTheConstraints() {
        final ToolVerdict v = refund(ConstrainedRefunds.inRange());
        assertTrue(v.allowed(), v.toString());
    }

    @Test
    void shouldRefuseARefundAboveTheRangeAndNameTheConstraint() {
        final ToolVerdict v = refund(ConstrainedRefunds.outOfRange());
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), v.code());
        final String text = v.modelText("refund");
        assertTrue(text.contains(ConstrainedRefunds.AMOUNT_RULE) && text.contains("refunds-constrained.yaml:"), text);
    }

    @Test
    void shouldCheckEveryDeclaredArgumentAgainstItsConstraint() {
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("currency", "USD")).code());
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("order_id", "order-1")).code());
        assertTrue(refund(with("amount", 200)).allowed(), "an integer is a decimal with no fraction digits");
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("amount", 0)).code());
    }

    @Test
    void shouldReadNumbersExactly() {
        assertTrue(refund(with("amount", 199.99)).allowed());
        assertTrue(refund(with("amount", new BigDecimal("200.000"))).allowed(), "trailing zeros are no digits");
        assertTrue(refund(with("amount", new BigDecimal("0.01"))).allowed());
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("amount", new BigDecimal("0.00"))).code());
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("amount", new BigDecimal("2E+3"))).code());
        final ToolVerdict over = refund(with("amount", new BigDecimal("200.01")));
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), over.code(), over.modelText("refund"));
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(with("amount", 200.01)).code());
    }

    @Test
    void shouldRefuseAMissingDeclaredArgumentWithoutAskingTheEngine() {
        final ToolVerdict v = refund(with("order_id", null));
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), v.code());
        assertTrue(v.detail().contains("'order_id'") && v.detail().contains("ledger.refund(order)")
            && v.detail().contains("missing"), v.detail());
        assertFalse(v.allowed());
    }

    @Test
    void shouldRefuseAnArgumentOfTheWrongType() {
        final ToolVerdict text = refund(with("amount", "120.50"));
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), text.code());
        assertTrue(text.detail().contains("'amount'") && text.detail().contains("decimal(2)")
            && text.detail().contains("a string"), text.detail());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("currency", 1)).code());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("amount", true)).code());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("amount", Double.NaN)).code());
    }

    @Test
    void shouldRefuseANumberFinerThanTheDeclaredScaleOrOutOfRange() {
        final ToolVerdict fine = refund(with("amount", 12.505));
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), fine.code());
        assertTrue(fine.detail().contains("more than 2 fraction digits"), fine.detail());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("amount", 1e300)).code());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("amount", new BigDecimal("1e30"))).code());
    }

    @Test
    void shouldRefuseAConstrainedToolWhoseMappingDeclaresNoArguments() {
        final ToolMapping bare = ToolMapping.builder()
            .tool("refund", ToolBinding.capability("ledger.refund", "refund").data("financial")).build();
        final ToolVerdict v = new EngineToolAuthorizer(refunds.engine, bare)
            .authorize(ToolCall.of("refund", ConstrainedRefunds.inRange(), support));
        assertEquals(Reason.ARGUMENT_INVALID.name(), v.code(), "the engine never lets a constrained call through unchecked");
    }

    @Test
    void shouldFailAtConstructionWhenTheMappingNamesAnUndeclaredArgument() {
        final ToolMapping typo = ToolMapping.builder()
            .tool("refund", ToolBinding.capability("ledger.refund", "refund").argument("amount", "amuont")).build();
        assertThrows(UnknownNameException.class, () -> new EngineToolAuthorizer(refunds.engine, typo));
        final ToolMapping twice = ToolMapping.builder()
            .tool("refund", ToolBinding.capability("ledger.refund", "refund").argument("amount", "amount")
                .argument("sum", "amount")).build();
        assertThrows(IllegalArgumentException.class, () -> new EngineToolAuthorizer(refunds.engine, twice));
    }

    @Test
    void shouldReuseTheArgumentsAcrossCallsWithoutLeakingValues() {
        assertTrue(refund(ConstrainedRefunds.inRange()).allowed());
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), refund(with("currency", null)).code());
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), refund(ConstrainedRefunds.outOfRange()).code());
        assertTrue(refund(ConstrainedRefunds.inRange()).allowed());
    }
}
