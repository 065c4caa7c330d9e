package io.privtune.core.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of every random draw a mechanism makes (docs/DESIGN.md §3.9). The cloud knows the code, the mechanism
 * and all its parameters, so the only thing between it and the device's noise is this key: 256 bits from
 * {@link SecureRandom}, kept on the device ({@link NoiseKeyFile}) and never sent, logged or reported.
 * Each {@link DrawPurpose} gets its own ChaCha20 key, derived with HKDF-SHA256 (RFC 5869), so streams of
 * different purposes are independent and knowing one reveals nothing of the key or the others.
 *
 * <p>{@link #researchSeed} makes a key from a public number for experiments, benchmarks and tests that
 * must repeat exactly: it is no secret, anyone can regenerate its noise, and {@link #describe} says so.
 */
public final class NoiseKey {
    /** Bytes of key material: 256 bits, ChaCha20's key size. */
    public static final int BYTES = 32;

    private static final byte[] SALT = "privtune noise key v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESEARCH_SALT =
            "privtune research seed v1: not secret".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Long researchSeed;
    /** 0 for the key itself; i for its i-th replicate ({@link #replicate}). */
    private final int replicate;

    private final Map<DrawPurpose, int[]> streamKeys = new EnumMap<>(DrawPurpose.class);
    private final String fingerprint;
    private final byte[] nonceKey;
    /** One initialised HMAC per thread: looking up and keying a Mac costs more than hashing a sentence. */
    private final ThreadLocal<Mac> nonceMac = ThreadLocal.withInitial(this::newNonceMac);

    private NoiseKey(byte[] secret, Long researchSeed) {
        this(secret, researchSeed, 0);
    }

    private NoiseKey(byte[] secret, Long researchSeed, int replicate) {
        this.secret = secret.clone();
        this.researchSeed = researchSeed;
        this.replicate = replicate;
        for (DrawPurpose p : DrawPurpose.values()) {
            streamKeys.put(p, words(derive(secret, SALT, "privtune/v1/" + p.name(), BYTES)));
        }
        this.fingerprint = HexFormat.of().formatHex(derive(secret, SALT, "privtune/v1/fingerprint", 8));
        this.nonceKey = derive(secret, SALT, "privtune/v1/text-nonce", BYTES);
    }

    /** A fresh secret key from the platform's SecureRandom. */
    public static NoiseKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new NoiseKey(bytes, null);
    }

    /** The key whose material is {@code bytes} (exactly {@link #BYTES} of them), e.g. read from a key file. */
    public static NoiseKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a noise key has " + BYTES + " bytes (256 bits), found " + bytes.length);
        }
        return new NoiseKey(bytes, null);
    }

    /** A public, reproducible key for research runs: anyone who knows {@code seed} can regenerate all its noise. */
    public static NoiseKey researchSeed(long seed) {
        byte[] ikm = ByteBuffer.allocate(Long.BYTES).putLong(seed).array();
        return new NoiseKey(derive(ikm, RESEARCH_SALT, "privtune/v1/research-key", BYTES), seed);
    }

    /**
     * The key of replicate {@code index}, an experiment run's seed (seed K gets replicate K): 0 is this key
     * itself (seed 0's), any other index an independent key derived from this one with HKDF under a label of
     * its own, so replicates never share noise, and a research key's replicates are as public as the key.
     */
    public NoiseKey replicate(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a noise key replicate index is >= 0, found " + index);
        }
        return index == 0
                ? this
                : new NoiseKey(derive(secret, SALT, "privtune/v1/replicate/" + index, BYTES), researchSeed, index);
    }

    public boolean isResearchSeed() {
        return researchSeed != null;
    }

    /** What a report may say about the key: the research seed itself, or only that a secret key was used. */
    public String describe() {
        String derived = replicate == 0 ? "" : ", replicate " + replicate + " (HKDF-derived)";
        return researchSeed != null
                ? "research seed " + researchSeed + derived + " (not secret: anyone can regenerate this noise)"
                : "secret key (256 bits, kept on the device)" + derived;
    }

    /**
     * 16 hex digits that identify the key without revealing it (an HKDF output under a label of its own):
     * lets the device refuse to resume a run with another run's key file. Stays on the device.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The ChaCha20 key (8 little-endian words) of one purpose's streams; the CUDA backend uploads these. */
    public int[] streamKey(DrawPurpose purpose) {
        return streamKeys.get(purpose).clone();
    }

    /**
     * A text's 64-bit stream nonce: HMAC-SHA256 under a key of its own (derived from this key) of
     * {@code context}, which the device builds from the upload's settings and the text's token ids (see
     * {@link StreamAddresses}). Unpredictable without the key, so it reveals nothing about the text.
     */
    public long textNonce(byte[] context) {
        return ByteBuffer.wrap(nonceMac.get().doFinal(context))
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    private Mac newNonceMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(nonceKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK: " + e.getMessage(), e);
        }
    }

    /** The key material, for {@link NoiseKeyFile} alone. */
    byte[] material() {
        return secret.clone();
    }

    @Override
    public String toString() {
        String derived = replicate == 0 ? "" : ", replicate " + replicate;
        return researchSeed != null
                ? "NoiseKey[research seed " + researchSeed + derived + "]"
                : "NoiseKey[secret" + derived + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseKey other && java.security.MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    private static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
        try {
            return KDF.getInstance("HKDF-SHA256")
                    .deriveData(HKDFParameterSpec.ofExtract()
                            .addIKM(ikm)
                            .addSalt(salt)
                            .thenExpand(info.getBytes(StandardCharsets.US_ASCII), length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is unavailable in this JDK: " + e.getMessage(), e);
        }
    }

    private static int[] words(byte[] bytes) {
        int[] w = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(w);
        Arrays.fill(bytes, (byte) 0);
        return w;
    }
}
