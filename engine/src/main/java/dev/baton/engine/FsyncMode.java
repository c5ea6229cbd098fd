package dev.baton.engine;

/** When the journal forces appended records to stable storage (see docs/durability.md). */
public enum FsyncMode {
    /** Never: records survive a process crash (they are in the OS page cache) but not a power loss. */
    NONE,
    /** At the end of every batch, before its requests complete: a completed decision survives power loss. */
    BATCH,
    /**
     * Once the configured interval has passed since the last force, asked at the end of a batch and on a
     * timer every interval (so an idle engine forces its tail too), and done by a thread of the journal's
     * own ({@code baton-journal-syncer}), so the engine thread never waits for the disk: a power loss loses
     * at most about one interval of completed decisions, plus those completed while the force was under way.
     */
    INTERVAL
}
