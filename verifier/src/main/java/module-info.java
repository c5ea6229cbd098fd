/**
 * The offline verifier of portable warrants: {@code dev.baton.verifier}. It uses only the codec's
 * portable warrant classes, which never load Agrona, and needs no JVM option.
 */
module dev.baton.verifier {
    requires transitive dev.baton.codec;

    exports dev.baton.verifier;
}
