/**
 * Audit of a journal: replay, explain, what-if, export and chain reconstruction, as a library the
 * CLI and users' own tools call.
 */
module dev.baton.audit {
    requires transitive dev.baton.engine;
    requires org.agrona;

    exports dev.baton.audit;
}
