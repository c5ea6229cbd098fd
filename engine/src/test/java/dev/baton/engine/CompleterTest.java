package dev.baton.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine thread's completions: each request is done as soon as it is finished, and the requests of
 * a batch finished one after the other arrive at their batch at once, by the end of the ring batch: the
 * batch is done then, not before, and not twice.
 */
class CompleterTest {
    @Test
    void shouldArriveAtABatchOnceForItsRequestsFinishedTogether() {
        final Completer completer = new Completer(16, new InFlightIds(16), WaitMode.PARK);
        final Request[] requests = {new Request(), new Request(), new Request()};
        final RequestBatch batch = new RequestBatch(3);
        final RequestBatch other = new RequestBatch(1);
        final Request alone = new Request();
        for (final Request r : requests) {
            batch.add(r);
        }
        other.add(alone);
        assertTrue(batch.begin(0, 0));
        assertTrue(other.begin(0, 0));
        for (final Request r : requests) {
            r.batch = batch;
        }
        alone.batch = other;
        completer.complete(requests[0]);
        completer.complete(requests[1]);
        assertTrue(requests[0].isDone() && requests[1].isDone(), "each request is done when finished");
        assertFalse(batch.isDone(), "its batch has a request to go");
        completer.complete(alone); // another batch's request: the first batch's two arrive now
        assertFalse(other.isDone(), "the other batch's request arrives by the end of the ring batch");
        completer.complete(requests[2]);
        assertFalse(batch.isDone(), "its arrival waits for the end of the ring batch");
        completer.endOfBatch();
        assertTrue(batch.isDone(), "all three arrived");
        assertTrue(other.isDone());
        assertTrue(batch.begin(0, 0), "the owner reuses the batch");
        completer.endOfBatch();
        assertFalse(batch.isDone(), "nothing arrives twice: the reused batch waits for its new requests");
        assertEquals(3, batch.size());
    }
}
