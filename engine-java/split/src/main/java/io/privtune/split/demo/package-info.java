/**
 * The token-privacy demo behind {@code ./privtune demo}.
 *
 * <p><b>Internal</b>: public only because another PrivTune module calls it; not for use outside PrivTune, and it
 * may change in any release.
 */
package io.privtune.split.demo;
