package dev.baton.adapter.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

import java.util.concurrent.atomic.AtomicInteger;

/** Tools an agent may be offered; each counts its runs. */
public class CrmTools {
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger mails = new AtomicInteger();

    @Tool(name = "lookup_customer", description = "Looks a customer up in the CRM")
    public String lookupCustomer(@ToolParam(description = "customer id") final String customer_id,
                                 @ToolParam(description = "why") final String reason) {
        lookups.incrementAndGet();
        return "customer " + customer_id + " found";
    }

    @Tool(name = "send_mail", description = "Sends an e-mail")
    public String sendMail(@ToolParam(description = "recipient") final String to,
                           @ToolParam(description = "why") final String reason) {
        mails.incrementAndGet();
        return "mail sent to " + to;
    }
}
