/**
 * The delegation decision core: the policy compiler, compiled bitset lattices, the grant registry
 * and the operations of the brief ({@code open}, {@code delegate}, {@code fanOut}, {@code authorize},
 * {@code revoke}, {@code close}, {@code review}, {@code breakGlass}).
 */
package dev.baton.core;
