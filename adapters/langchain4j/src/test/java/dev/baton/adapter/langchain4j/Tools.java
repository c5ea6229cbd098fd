package dev.baton.adapter.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The tools the sub-agents may be offered; each counts its runs. */
public final class Tools {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    private String ran(final String name, final String what) {
        runs.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        return name + " ran: " + what;
    }

    int runs(final String name) {
        final AtomicInteger n = runs.get(name);
        return n == null ? 0 : n.get();
    }

    @Tool(name = "lookup_customer", value = "Looks a customer up in the CRM")
    public String lookupCustomer(@P("customer_id") final String customerId, @P("reason") final String reason) {
        return ran("lookup_customer", customerId);
    }

    @Tool(name = "send_mail", value = "Sends an e-mail")
    public String sendMail(@P("to") final String to, @P("reason") final String reason) {
        return ran("send_mail", to);
    }

    @Tool(name = "summarize_doc", value = "Summarizes a public document")
    public String summarizeDoc(@P("doc") final String doc) {
        return ran("summarize_doc", doc);
    }

    @Tool(name = "read_ledger", value = "Reads the ledger")
    public String readLedger(@P("account") final String account, @P("reason") final String reason) {
        return ran("read_ledger", account);
    }
}
