package dev.baton.analysis;

/**
 * Where authority enters a task: a purpose opened by a principal at one entry agent, or a break-glass
 * rule invoked for a purpose at any agent of one trust domain. Every chain the analysis considers starts
 * at one source.
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param kind       how the root grant is made.
 * @param purpose    the purpose index recorded on the task.
 * @param entry      the entry agent's class index ({@link Kind#OPEN}), or -1 ({@link Kind#BREAK_GLASS}:
 *                   every agent of {@code rootDomain} may receive the root).
 * @param glassRule  the break-glass rule index, or -1 for {@link Kind#OPEN}.
 * @param rootDomain the trust-domain index of the root grant's holder.
 */
public record Source(Kind kind, int purpose, int entry, int glassRule, int rootDomain) {
    /** How a task's root grant is made. */
    public enum Kind {
        /** {@code open}: a principal of {@code opened_by} hands the task to an entry agent. */
        OPEN,
        /** {@code breakGlass}: an emergency root grant, bounded by the rule's ceiling, never reviewed. */
        BREAK_GLASS
    }

    /** @return whether the root is a break-glass grant. */
    public boolean breakGlass() {
        return kind == Kind.BREAK_GLASS;
    }
}
