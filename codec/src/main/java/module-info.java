/**
 * Baton's byte layouts: warrants, decisions and every journal record, as allocation-free flyweights.
 *
 * <p>Agrona is required transitively because the flyweights wrap Agrona buffers in their public
 * signatures.
 */
module dev.baton.codec {
    requires transitive org.agrona;

    exports dev.baton.codec;
}
