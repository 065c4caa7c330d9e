package io.privtune.core.random;

/**
 * The random numbers of one (noise key, token address, purpose): ChaCha20 blocks under the purpose's
 * key (see {@link NoiseKey#streamKey}), block counter = block number, nonce = (position, text nonce
 * low, text nonce high) (see {@link StreamAddresses}), consumed one 32-bit word at a time, 16 per block. Conversions are fixed so the CUDA
 * side can mirror them exactly: a uniform double in (0, 1) takes two words (53 bits), a normal pair
 * takes two uniforms (Box–Muller), so block b holds normals 8b .. 8b + 7.
 */
public final class RandomStream {
    /** Words per ChaCha20 block. */
    public static final int BLOCK_WORDS = 16;

    private final int[] key;
    private final int n0;
    private final int n1;
    private final int n2;
    private int blockNumber;
    private final int[] words = new int[BLOCK_WORDS];
    private int next = BLOCK_WORDS;
    private double spareNormal;
    private boolean hasSpare;

    /** The stream of the token at {@code position} of the text with nonce {@code text}. */
    public RandomStream(NoiseKey key, long text, int position, DrawPurpose purpose) {
        this.key = key.streamKey(purpose);
        this.n0 = position;
        this.n1 = (int) text;
        this.n2 = (int) (text >>> 32);
    }

    /** A stream addressed by one number alone (e.g. an epoch's batch order): text nonce {@code index}, position 0. */
    public RandomStream(NoiseKey key, long index, DrawPurpose purpose) {
        this(key, index, 0, purpose);
    }

    public int nextInt() {
        if (next == BLOCK_WORDS) {
            ChaCha20.block(key, blockNumber++, n0, n1, n2, words);
            next = 0;
        }
        return words[next++];
    }

    /** Uniform in the open interval (0, 1), 53 random bits. */
    public double nextUniform() {
        return uniform(nextInt(), nextInt());
    }

    /** The uniform two stream words make: 27 bits of the first, 26 of the second, centred in its cell. */
    static double uniform(int first, int second) {
        long hi = (first & 0xFFFFFFFFL) >>> 5; // 27 bits
        long lo = (second & 0xFFFFFFFFL) >>> 6; // 26 bits
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

    /** A Fisher–Yates permutation of 0 .. n-1 drawn from this stream. */
    public int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
