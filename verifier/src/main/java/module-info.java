/**
 * The offline warrant verifier, small enough to embed in a tool server: depends on the codec's
 * portable warrant classes only, with no Agrona and no JVM option.
 */
module dev.baton.verifier {
    requires transitive dev.baton.codec;

    exports dev.baton.verifier;
}
