package dev.baton.audit;

/**
 * Told how far a journal read has come, for a progress display: called on the reading thread after each
 * decision is replayed.
 * <p>
 * <b>Note:</b> called from the thread that reads; keep it cheap (a terminal bar redraws at most a few
 * times a second).
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (recordsRead, totalRecords) -> { };

    /**
     * @param recordsRead  journal records read so far.
     * @param totalRecords complete records the journal's files hold.
     */
    void onProgress(long recordsRead, long totalRecords);
}
