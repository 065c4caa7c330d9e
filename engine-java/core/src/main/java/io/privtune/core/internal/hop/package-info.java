/**
 * n-hop indirect neighbour sets on the kNN graph and the draw of a token's target (docs/DESIGN.md §3.3).
 *
 * <p><b>Internal</b>: public only because another PrivTune module calls it; not for use outside PrivTune, and it
 * may change in any release. Mechanisms use it through {@code io.privtune.core.mechanism}; {@link
 * io.privtune.core.internal.hop.TargetMode} is the one public choice (parameter {@code target}).
 */
package io.privtune.core.internal.hop;
