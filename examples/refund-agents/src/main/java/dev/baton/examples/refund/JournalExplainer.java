package dev.baton.examples.refund;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.audit.ExplainText;
import dev.baton.audit.GrantChain;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads the journal back and prints {@code baton explain} of every tool call, as the CLI would. */
final class JournalExplainer {
    private JournalExplainer() {
    }

    /** @return how many tool calls were explained. */
    static int explainToolCalls(final Path journal, final PrintStream out) {
        final AuditLog log = AuditLog.read(journal);
        final GrantChain chain = new GrantChain(log.entries());
        final PrintWriter w = new PrintWriter(out, true);
        int explained = 0;
        for (final DecisionEntry e : log.entries()) {
            if ("authorize".equalsIgnoreCase(e.opName())) {
                w.println();
                new ExplainText(w, chain).decision(e);
                explained++;
            }
        }
        w.flush();
        if (log.damage() != null) {
            throw new IllegalStateException("the journal is damaged: " + log.damage());
        }
        return explained;
    }
}
