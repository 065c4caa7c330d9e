package io.privtune.split.experiment;

import io.privtune.core.io.ReplacedFile;
import io.privtune.split.attack.InversionModelAttack;
import io.privtune.split.model.EncodedCorpus;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of the naive attackers ({@link NaiveAttackers}) in an experiment's results folder, one file per
 * {@link #key}: they do not depend on the mechanism, yet every process and every resumed run would otherwise retrain
 * them. Processes sharing the folder train each key once: the first holds {@code <key>.lock} while it trains and
 * saves, the others wait for it and load. A file is written whole or not at all and carries a checksum; a damaged or
 * foreign one is reported and retrained, never used.
 */
final class NaiveAttackerStore {
    private static final Logger LOG = LoggerFactory.getLogger(NaiveAttackerStore.class);
    /** Bump when the file layout or the attackers' training changes: older entries then miss. */
    static final int FORMAT = 1;

    private static final String MAGIC = "privtune naive attackers";
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
        return folder.resolve(key + ".naive");
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
                "inversion " + settings.inversionBudget() + " hidden " + InversionModelAttack.HIDDEN + " batch "
                        + InversionModelAttack.BATCH + " rate " + InversionModelAttack.LEARNING_RATE,
                "contextual " + settings.contextualBudget() + " " + settings.contextualConfig() + " sentences "
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
            } catch (IOException e) {
                LOG.warn("ignoring unreadable naive attackers " + file + " (" + e.getMessage() + "); retraining them");
            }
        }
        NaiveAttackers trained = train.get();
        try {
            write(file, key, trained);
        } catch (IOException e) { // only the cache is lost: the next run trains them again
            LOG.warn("cannot store the naive attackers in " + file + ": " + e.getMessage());
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

    /** Header, the attackers, and a CRC-32C of everything before it. */
    private static void write(Path file, String key, NaiveAttackers naive) throws IOException {
        ReplacedFile.write(file, temporary -> {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
                DataOutputStream out = new DataOutputStream(checked);
                out.writeUTF(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key);
                naive.save(out);
                out.flush();
                new DataOutputStream(raw).writeLong(checked.getChecksum().getValue());
            }
        });
    }

    /** The checksum is verified before anything is parsed, so damage never reaches a model's shapes. */
    private static NaiveAttackers read(Path file, String key) throws IOException {
        long size = Files.size(file);
        long body = size - Long.BYTES;
        if (body < 0) {
            throw new IOException("truncated: " + size + " bytes");
        }
        CRC32C crc = new CRC32C();
        long stored;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] buffer = new byte[1 << 16];
            for (long left = body; left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                in.readFully(buffer, 0, n);
                crc.update(buffer, 0, n);
                left -= n;
            }
            stored = in.readLong();
        }
        if (stored != crc.getValue()) {
            throw new IOException("checksum mismatch: damaged or truncated");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT || !key.equals(in.readUTF())) {
                throw new IOException("not the naive attackers of key " + key + " in format " + FORMAT);
            }
            NaiveAttackers naive = NaiveAttackers.load(in);
            try {
                in.readLong(); // the checksum, verified above
                if (in.read() != -1) {
                    throw new IOException("unexpected data after the attackers");
                }
                return naive;
            } catch (IOException e) {
                naive.close();
                throw e;
            }
        }
    }
}
