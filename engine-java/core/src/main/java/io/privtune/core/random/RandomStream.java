package io.privtune.core.random;

/**
 * The random numbers of one (seed, global token index, purpose): Philox blocks with counter
 * (index low, index high, purpose, block number) under key (seed low, seed high), consumed four
 * 32-bit words at a time. Conversions are fixed so the CUDA side can mirror them exactly:
 * a uniform double in (0, 1) takes two words (53 bits), a normal pair takes two uniforms (Box–Muller).
 */
public final class RandomStream {
    private final int k0;
    private final int k1;
    private final int c0;
    private final int c1;
    private final int purpose;
    private int blockNumber;
    private final int[] words = new int[4];
    private int next = 4;
    private double spareNormal;
    private boolean hasSpare;

    public RandomStream(long seed, long tokenIndex, DrawPurpose purpose) {
        this.k0 = (int) seed;
        this.k1 = (int) (seed >>> 32);
        this.c0 = (int) tokenIndex;
        this.c1 = (int) (tokenIndex >>> 32);
        this.purpose = purpose.ordinal();
    }

    public int nextInt() {
        if (next == 4) {
            Philox4x32.block(c0, c1, purpose, blockNumber++, k0, k1, words);
            next = 0;
        }
        return words[next++];
    }

    /** Uniform in the open interval (0, 1), 53 random bits. */
    public double nextUniform() {
        long hi = (nextInt() & 0xFFFFFFFFL) >>> 5; // 27 bits
        long lo = (nextInt() & 0xFFFFFFFFL) >>> 6; // 26 bits
        return ((hi << 26 | lo) + 0.5) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller in double precision; the pair's second value is kept for the next call. */
    public double nextNormal() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1 = nextUniform();
        double u2 = nextUniform();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spareNormal = radius * Math.sin(angle);
        hasSpare = true;
        return radius * Math.cos(angle);
    }

    /** Uniform integer in [0, bound) by rejection, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, found " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long x = nextInt() & 0xFFFFFFFFL;
            if (x < limit) {
                return (int) (x % bound);
            }
        }
    }
}
