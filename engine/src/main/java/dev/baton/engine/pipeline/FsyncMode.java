package dev.baton.engine.pipeline;

/** When the journal forces appended records to stable storage (see docs/durability.md). */
public enum FsyncMode {
    /** Never: records survive a process crash (they are in the OS page cache) but not a power loss. */
    NONE,
    /** At the end of every batch, before its requests complete: a completed decision survives power loss. */
    BATCH,
    /** At most every configured interval: a power loss loses at most that much of completed decisions. */
    INTERVAL
}
