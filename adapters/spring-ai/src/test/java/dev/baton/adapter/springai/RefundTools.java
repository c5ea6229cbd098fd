package dev.baton.adapter.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

/** A refund tool whose arguments refunds-constrained.yaml constrains; it counts its runs. */
public class RefundTools {
    final AtomicInteger refunds = new AtomicInteger();

    @Tool(name = "refund", description = "Refunds an order")
    public String refund(@ToolParam(description = "amount") final BigDecimal amount,
                         @ToolParam(description = "currency") final String currency,
                         @ToolParam(description = "order id") final String order_id) {
        refunds.incrementAndGet();
        return "refunded " + amount + " " + currency + " on " + order_id;
    }
}
