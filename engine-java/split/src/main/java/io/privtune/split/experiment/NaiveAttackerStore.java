package io.privtune.split.experiment;

import io.privtune.core.io.SafetensorsException;
import io.privtune.core.io.SafetensorsFile;
import io.privtune.core.io.SafetensorsWriter;
import io.privtune.split.attack.InversionModelAttack;
import io.privtune.split.model.EncodedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of the naive attackers ({@link NaiveAttackers}) in an experiment's results folder, one file per
 * {@link #key}: they do not depend on the mechanism, yet every process and every resumed run would otherwise retrain
 * them. Processes sharing the folder train each key once: the first holds {@code <key>.lock} while it trains and
 * saves, the others wait for it and load. A file is a safetensors file written whole or not at all (replaced
 * atomically) and carries a checksum; a damaged or foreign one is reported and retrained, never used.
 */
final class NaiveAttackerStore {
    private static final Logger LOG = LoggerFactory.getLogger(NaiveAttackerStore.class);
    /** Bump when the file layout or the attackers' training changes: older entries then miss. */
    static final int FORMAT = 2;

    private static final String MAGIC = "privtune naive attackers";
    private static final String KIND = "privtune.naive-attackers";
    /** Hex digits of the SHA-256 a key keeps. */
    private static final int KEY_LENGTH = 32;
    /** Floats hashed at a time. */
    private static final int HASH_CHUNK = 1 << 16;
    /** File locks are per process: threads of one process sharing a folder take this monitor first. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path folder;

    NaiveAttackerStore(Path folder) {
        this.folder = folder;
    }

    Path file(String key) {
        return folder.resolve(key + ".safetensors");
    }

    Path lockFile(String key) {
        return folder.resolve(key + ".lock");
    }

    /**
     * The name of the naive attackers trained on {@code attacker}'s clean text with {@code settings}'s budgets and
     * {@code seed}: a digest of everything their weights depend on. The corpus's own arrays stand for the model, split
     * point, texts and tokenisation that produced them.
     */
    static String key(EncodedCorpus attacker, AttackSettings settings, long seed) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
        String parameters = String.join(
                "\n",
                MAGIC,
                Integer.toString(FORMAT),
                ai.djl.engine.Engine.getEngine("PyTorch").getVersion(),
                Long.toString(seed),
                "inversion " + settings.naiveInversionBudget() + " hidden " + InversionModelAttack.HIDDEN + " batch "
                        + InversionModelAttack.BATCH + " rate " + InversionModelAttack.LEARNING_RATE,
                "contextual " + settings.naiveContextualBudget() + " " + settings.contextualConfig() + " sentences "
                        + settings.contextualSentences(),
                "d " + attacker.dim());
        digest.update(parameters.getBytes(StandardCharsets.UTF_8));
        update(digest, attacker.representations());
        update(digest, attacker.ids());
        update(digest, attacker.offsets());
        byte[] special = new byte[attacker.special().length];
        for (int i = 0; i < special.length; i++) {
            special[i] = (byte) (attacker.special()[i] ? 1 : 0);
        }
        digest.update(ByteBuffer.allocate(4).putInt(special.length).array());
        digest.update(special);
        return HexFormat.of().formatHex(digest.digest()).substring(0, KEY_LENGTH);
    }

    private static void update(MessageDigest digest, float[] values) {
        digest.update(ByteBuffer.allocate(4).putInt(values.length).array());
        ByteBuffer bytes = ByteBuffer.allocate(4 * HASH_CHUNK);
        for (int from = 0; from < values.length; from += HASH_CHUNK) {
            int n = Math.min(HASH_CHUNK, values.length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(values, from, n);
            digest.update(bytes.array(), 0, 4 * n);
        }
    }

    private static void update(MessageDigest digest, int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 + 4 * values.length);
        bytes.putInt(values.length);
        bytes.asIntBuffer().put(values);
        digest.update(bytes.array());
    }

    /**
     * The naive attackers stored under {@code key}, or those {@code train} gives, stored. Another process training
     * the same key is waited for. The cache never stops a run: where the folder cannot be locked or written, the
     * attackers are trained as without it.
     */
    NaiveAttackers get(String key, Supplier<NaiveAttackers> train) {
        Path lock = lockFile(key);
        synchronized (IN_PROCESS.computeIfAbsent(lock.toAbsolutePath().normalize(), p -> new Object())) {
            FileChannel channel = null;
            try {
                Files.createDirectories(folder);
                channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.lock(); // released when the channel closes
            } catch (IOException e) {
                LOG.warn("cannot lock " + lock + " (" + e.getMessage() + "): processes sharing the folder may each "
                        + "train these naive attackers");
            }
            try {
                return loadOrTrain(key, train);
            } finally {
                close(channel, lock);
            }
        }
    }

    private NaiveAttackers loadOrTrain(String key, Supplier<NaiveAttackers> train) {
        Path file = file(key);
        if (Files.isRegularFile(file)) {
            try {
                NaiveAttackers loaded = read(file, key);
                LOG.info("naive attackers loaded from " + file);
                return loaded;
            } catch (SafetensorsException e) {
                // the message starts with the file's path
                LOG.warn("ignoring unreadable naive attackers " + e.getMessage() + "; retraining them");
            }
        }
        NaiveAttackers trained = train.get();
        try {
            write(file, key, trained);
        } catch (UncheckedIOException e) { // only the cache is lost: the next run trains them again
            LOG.warn("cannot store the naive attackers in " + file + ": "
                    + e.getCause().getMessage());
        }
        return trained;
    }

    private static void close(FileChannel channel, Path lock) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot close " + lock + ": " + e.getMessage());
            }
        }
    }

    /**
     * The attackers' tensors, with the format, key and a CRC-32C of the data section in the metadata: safetensors has
     * no checksum of its own, so a flipped weight would otherwise load as a different model.
     */
    private static void write(Path file, String key, NaiveAttackers naive) {
        SafetensorsWriter out = new SafetensorsWriter()
                .metadata("kind", KIND)
                .metadata("format", Integer.toString(FORMAT))
                .metadata("key", key);
        naive.save(out);
        out.metadata("crc32c", Long.toHexString(out.dataCrc32c())).write(file);
    }

    /**
     * Opening validates the layout; the checksum is verified before any model is built, so damage never reaches a
     * model. Every number is a tensor under the checksum, and the metadata is only compared, so damage to the header
     * fails too.
     */
    private static NaiveAttackers read(Path file, String key) {
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            Map<String, String> meta = in.metadata();
            if (!KIND.equals(meta.get("kind"))
                    || !Integer.toString(FORMAT).equals(meta.get("format"))
                    || !key.equals(meta.get("key"))) {
                throw new SafetensorsException(
                        in.fileName(), "not the naive attackers of key " + key + " in format " + FORMAT);
            }
            if (!Long.toHexString(in.dataCrc32c()).equals(meta.get("crc32c"))) {
                throw new SafetensorsException(in.fileName(), "checksum mismatch: damaged");
            }
            return NaiveAttackers.load(in);
        }
    }
}
