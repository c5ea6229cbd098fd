/**
 * Reads a decision journal for auditors, as the {@code baton} command line does and as users' own tools
 * can: {@link dev.baton.audit.AuditLog} verifies the hash chain and replays every decision under the
 * policy version it was recorded with; {@link dev.baton.audit.GrantChain} rebuilds who delegated what to
 * whom; {@link dev.baton.audit.ExplainText} and {@link dev.baton.audit.DelegationDot} explain a decision
 * or grant; {@link dev.baton.audit.WhatIf} re-runs the recorded requests under another policy;
 * {@link dev.baton.audit.JsonLinesExport} writes the journal as JSON Lines.
 * <p>
 * Journals are opened read-only and never modified. Everything here is for audit, not for the decision
 * hot path: it allocates freely, and no type is thread-safe unless its documentation says so.
 */
package dev.baton.audit;
