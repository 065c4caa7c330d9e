/**
 * The on-disk cache of dictionaries and graphs, keyed by model fingerprint.
 *
 * <p><b>Internal</b>: public only because another PrivTune module calls it; not for use outside PrivTune, and it
 * may change in any release.
 */
package io.privtune.split.internal.store;
