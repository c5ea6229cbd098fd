/**
 * The journaled engine: decisions on an LMAX Disruptor ring, persisted to a Chronicle Queue journal,
 * replayed and re-evaluated. Users start it with {@code JournaledEngine.start(EngineConfig.of(...))}
 * and then use the {@code dev.baton} API; the journal readers in the same package serve Baton's
 * audit module.
 *
 * <p>Disruptor and Chronicle Queue are required transitively because {@code EngineConfig} takes their
 * wait strategy and roll cycle.
 */
module dev.baton.engine {
    requires transitive dev.baton.core;
    requires transitive com.lmax.disruptor;
    requires transitive chronicle.queue;
    requires org.agrona;
    requires chronicle.bytes;
    requires chronicle.core;
    requires chronicle.wire;
    requires posix;
    requires org.slf4j;

    exports dev.baton.engine;
}
