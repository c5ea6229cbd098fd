/**
 * Baton's byte layouts: warrants, decisions and every journal record, as allocation-free flyweights.
 *
 * <p>Agrona is required only statically and not transitively: the portable warrant classes (and with
 * them the offline verifier) work on plain byte arrays and need neither Agrona nor any JVM option,
 * so a module that reads only those must not be made to resolve Agrona. The journal and decision
 * flyweights wrap Agrona buffers; the modules that use them (core, engine, audit) require Agrona
 * themselves.
 */
module dev.baton.codec {
    requires static org.agrona;

    exports dev.baton.codec;
    exports dev.baton.constraint;
}
