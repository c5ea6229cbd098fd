package dev.baton.cli.fleet;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet demo's delegation chain across three engine processes: alice opens a task for the planner at
 * engine A (the root); engine B accepts A's portable warrant and delegates to the CRM reader (the child);
 * engine C accepts B's warrant and delegates to the partner's summariser (the grandchild), which C lets
 * summarise. Then A closes the root, its revocation tap publishes the close, and B and C, each as soon as
 * its feed has it, refuse the warrants below the root. The audit afterwards follows the chain through the
 * shipped journals ({@link FleetExplain}).
 * <p>
 * <b>Note:</b> runs on the demo's thread; allocates.
 */
final class CrossEngineChain {
    private static final String PLANNER = "spiffe://acme.example/agent/planner";
    private static final String READER = "spiffe://acme.example/agent/crm-reader";
    private static final String SUMMARISER = "spiffe://partner.example/mcp/summariser";

    /**
     * What the chain showed.
     *
     * @param a           engine A's id (the root's).
     * @param root        the root grant at A.
     * @param c           engine C's id.
     * @param grandchild  the grandchild grant at C.
     * @param ok          whether every step was allowed before the close and refused after it.
     */
    record Result(int a, long root, int c, long grandchild, boolean ok) {
        /** Prints the chain as the shipped journals tell it. */
        void explain(final FleetAudit audit, final PrintWriter out) {
            out.printf("%nexplain   the grandchild at engine %d, across engines, from the shipped journals%n", c);
            new FleetExplain(audit).print(c, grandchild, out);
        }
    }

    private CrossEngineChain() {
    }

    /** Runs the chain on the first three engines: @return what it showed. */
    static Result run(final List<EngineProcess> engines, final Path policy, final PrintWriter out)
        throws InterruptedException {
        for (final EngineProcess e : engines) {
            e.send("portable " + engines.size() + " " + policy);
        }
        for (final EngineProcess e : engines) {
            e.await("portable", 120);
        }
        final EngineProcess a = engines.get(0);
        final EngineProcess b = engines.get(1);
        final EngineProcess c = engines.get(2);
        out.printf("%nchain     a delegation crossing engines, on portable warrants (HMAC keys the engines share)%n");
        final Map<String, String> root = ask(a, "root", "root " + PLANNER, out, "open, alice -> planner");
        final Map<String, String> child = allowed(root) ? ask(b, "delegated", "delegate " + root.get("warrant") + " "
            + PLANNER + " " + READER, out, "delegate on A's warrant, planner -> crm-reader") : root;
        final Map<String, String> grandchild = allowed(child) ? ask(c, "delegated", "delegate " + child.get("warrant")
            + " " + READER + " " + SUMMARISER, out, "delegate on B's warrant, crm-reader -> partner summariser") : child;
        final Map<String, String> allowed = allowed(grandchild) ? ask(c, "authorized", "authorize "
            + grandchild.get("warrant") + " " + SUMMARISER, out, "authorize doc.summarize on public data") : grandchild;
        if (!allowed(allowed)) {
            out.printf("          the chain stopped: a step was not allowed%n");
            return new Result(a.id(), 0, c.id(), 0, false);
        }
        final Map<String, String> closed = ask(a, "closed", "close " + root.get("grant"), out, "alice closes the task");
        final Map<String, String> atB = ask(b, "denied", "await-deny " + child.get("warrant") + " " + READER + " "
            + a.id() + " " + root.get("grant") + " " + closed.get("at"), out, "authorize on its warrant once the feed has it");
        final Map<String, String> atC = ask(c, "denied", "await-deny " + grandchild.get("warrant") + " " + SUMMARISER
            + " " + a.id() + " " + root.get("grant") + " " + closed.get("at"), out,
            "authorize on its warrant once the feed has it");
        final boolean ok = List.of(root, child, grandchild, allowed, closed).stream()
            .allMatch(m -> "ALLOW".equals(m.get("outcome"))) && "true".equals(atB.get("denied"))
            && "true".equals(atC.get("denied"));
        out.printf(Locale.ROOT, "          the close reached B in %s ms and C in %s ms; both refused: %s%n",
            atB.get("after_ms"), atC.get("after_ms"), ok ? "yes" : "NO");
        return new Result(a.id(), Long.parseLong(root.get("grant")), c.id(), Long.parseLong(grandchild.get("grant")), ok);
    }

    private static boolean allowed(final Map<String, String> answer) {
        return "ALLOW".equals(answer.get("outcome"));
    }

    private static Map<String, String> ask(final EngineProcess e, final String answer, final String command,
                                           final PrintWriter out, final String what) throws InterruptedException {
        e.send(command);
        final Map<String, String> r = e.await(answer, 60);
        out.printf(Locale.ROOT, "  engine %d  %-58s %s %s%s%n", e.id(), what, r.get("outcome"), r.get("reason"),
            r.containsKey("grant") ? "  grant " + r.get("grant") : "");
        out.flush();
        return r;
    }
}
