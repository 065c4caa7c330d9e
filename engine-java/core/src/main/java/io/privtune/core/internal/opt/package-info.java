/**
 * The noise optimisation: OPT-3 in closed form and OPT-2 by projected gradient, batched over tokens (docs/DESIGN.md
 * §3.4-3.5), the engine's second hot path.
 *
 * <p><b>Internal</b>: public only because another PrivTune module calls it; not for use outside PrivTune, and it
 * may change in any release. Choose a solver with the mechanism parameter {@code solver}.
 */
package io.privtune.core.internal.opt;
