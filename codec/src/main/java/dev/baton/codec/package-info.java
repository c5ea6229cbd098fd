/** Baton codec module. */
package dev.baton.codec;
