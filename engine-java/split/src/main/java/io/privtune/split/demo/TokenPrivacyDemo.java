package io.privtune.split.demo;

import ai.djl.ndarray.NDManager;
import io.privtune.core.backend.ComputeBackend;
import io.privtune.core.importance.CtiScores;
import io.privtune.core.internal.hop.HopSets;
import io.privtune.core.knn.KnnGraph;
import io.privtune.core.mechanism.Mechanism;
import io.privtune.core.mechanism.MechanismContext;
import io.privtune.core.mechanism.MechanismParameters;
import io.privtune.core.mechanism.Mechanisms;
import io.privtune.core.mechanism.Perturbation;
import io.privtune.core.model.BundledModel;
import io.privtune.core.progress.Progress;
import io.privtune.core.random.NoiseKey;
import io.privtune.core.space.EmbeddingSpace;
import io.privtune.split.attack.KnnAttack;
import io.privtune.split.attack.ShapeAwareKnn;
import io.privtune.split.data.GlueTsv;
import io.privtune.split.data.LabelledText;
import io.privtune.split.internal.store.DictionaryStore;
import io.privtune.split.model.BottomModel;
import io.privtune.split.model.EncodedCorpus;
import io.privtune.split.model.ModelSource;
import io.privtune.split.model.TokenDictionary;
import io.privtune.split.text.Encoding;
import io.privtune.split.text.WordPieceTokenizer;
import io.privtune.split.train.DeviceSide;
import io.privtune.split.train.MechanismSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine end to end on real data: all-MiniLM-L6-v2's bottom model at split point m (the embedding
 * layer alone for m = 0), SST-2 dev sentences as the private data, every mechanism swept over η, and
 * the knn inversion attack against each. The utility side here is the mean cosine between uploaded and
 * clean representations; fine-tuning accuracy is {@link io.privtune.split.train.PrivateFineTuner}'s.
 */
public final class TokenPrivacyDemo {
    private static final Logger LOG = LoggerFactory.getLogger(TokenPrivacyDemo.class);
    private static final int MAX_LENGTH = 128;

    /** Mechanisms compared at every η, after the `none` reference. */
    static final List<String> SWEPT =
            List.of("gaussian", "dchi", "sap-cti", "privtune-no-shift", "privtune-no-importance", "privtune");

    private final ComputeBackend backend;
    private final Progress progress;

    public TokenPrivacyDemo(ComputeBackend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    public DemoReport run(DemoSettings settings) {
        List<LabelledText> train = GlueTsv.read(settings.data().resolve("train.tsv"), 2, settings.trainSentences());
        List<LabelledText> dev = GlueTsv.read(settings.data().resolve("dev.tsv"), 2, settings.devSentences());
        ModelSource model = ModelSource.resolve(BundledModel.ALL_MINILM_L6_V2.id());
        String modelKey = model.key();
        String fingerprint = modelKey.substring(modelKey.lastIndexOf('-') + 1);
        int m = settings.splitPoint();
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                BottomModel bottom = new BottomModel(model.weights(), m, manager)) {
            List<Encoding> trainEncodings;
            List<Encoding> devEncodings;
            int[] boundary;
            try (WordPieceTokenizer tokenizer = WordPieceTokenizer.open(model.tokenizer(), MAX_LENGTH)) {
                trainEncodings = tokenizer.encodeAll(train, progress, "tokenise train");
                devEncodings = tokenizer.encodeAll(dev, progress, "tokenise dev");
                boundary = tokenizer.boundaryIds();
            }
            DictionaryStore store = new DictionaryStore(settings.cache());
            EmbeddingSpace dictionary =
                    store.dictionary(modelKey, m, () -> TokenDictionary.compute(bottom, boundary, progress));
            LOG.info("dictionary R: " + dictionary.rows() + " x " + dictionary.dim() + " (" + model.name() + ", m = "
                    + m + ")");

            long start = System.nanoTime();
            boolean[] built = new boolean[1];
            KnnGraph graph;
            try (Progress.Task task = progress.start("kNN graph", dictionary.rows(), "tokens")) {
                graph = store.graph(modelKey, m, settings.k(), dictionary, backend, task, built);
            }
            double graphSeconds = (System.nanoTime() - start) / 1e9;
            LOG.info(String.format(
                    "kNN graph (k = %d): %s in %.2f s",
                    settings.k(), built[0] ? "built on " + backend.name() : "loaded from cache", graphSeconds));

            // m = 0 has no attention layer yet: importance comes from CTI there, from attention above it
            MechanismParameters base = MechanismParameters.defaults()
                    .with(Map.of("importance", m == 0 ? "cti" : "attention"))
                    .with(settings.parameters());
            HopSets hops = new HopSets(graph, base.hops());
            int fallbacks = hops.computeAll(io.privtune.core.progress.ProgressListener.NONE);
            double meanHopSize = 0;
            for (int v = 0; v < graph.vertices(); v++) {
                meanHopSize += hops.of(v).members().length / (double) graph.vertices();
            }
            LOG.info(String.format(
                    "%d-hop sets: mean size %.1f, %d tokens fell back to a smaller hop",
                    base.hops(), meanHopSize, fallbacks));

            CtiScores cti = CtiScores.fromCorpus(
                    trainEncodings.stream().map(Encoding::ids).toList(),
                    train.stream().mapToInt(LabelledText::label).toArray(),
                    dictionary.rows(),
                    MechanismSetup.specialIds(trainEncodings));
            EncodedCorpus tokens = EncodedCorpus.of(devEncodings, bottom);
            LOG.info(String.format(
                    "SST-2: %d train sentences for CTI, %d dev sentences = %d tokens; mean ||h|| = %.2f",
                    train.size(), dev.size(), tokens.tokens(), tokens.meanNorm()));
            NoiseKey key =
                    settings.noiseSeed() == null ? NoiseKey.generate() : NoiseKey.researchSeed(settings.noiseSeed());
            LOG.info("noise: " + key.describe());
            return sweep(
                    settings,
                    model,
                    fingerprint,
                    new MechanismContext(dictionary, graph, cti, backend, key),
                    bottom,
                    tokens,
                    base,
                    graphSeconds,
                    built[0],
                    fallbacks,
                    meanHopSize,
                    train.size(),
                    dev.size());
        }
    }

    private DemoReport sweep(
            DemoSettings settings,
            ModelSource model,
            String fingerprint,
            MechanismContext context,
            BottomModel bottom,
            EncodedCorpus tokens,
            MechanismParameters base,
            double graphSeconds,
            boolean built,
            int fallbacks,
            double meanHopSize,
            int trainSize,
            int devSize) {
        EmbeddingSpace dictionary = context.dictionary();
        ShapeAwareKnn attack = new ShapeAwareKnn(dictionary, backend);
        Uploads batch = mechanism -> new DeviceSide(bottom, mechanism, context.key()).perturb(tokens, 0);

        List<DemoCell> cells = new ArrayList<>();
        cells.add(measure("none", Double.POSITIVE_INFINITY, base, context, batch, tokens, attack));
        for (double eta : settings.etas()) {
            // the Gaussian baseline gets the same expected noise norm as dχ at this η: σ·sqrt(d) = d/η
            double sigma = tokens.dim() / eta / Math.sqrt(tokens.dim());
            MechanismParameters p = base.with(Map.of("eta", Double.toString(eta), "sigma", Double.toString(sigma)));
            for (String name : SWEPT) {
                cells.add(measure(name, eta, p, context, batch, tokens, attack));
            }
        }
        return new DemoReport(
                model.name(),
                fingerprint,
                settings.splitPoint(),
                settings.k(),
                base.hops(),
                dictionary.rows(),
                dictionary.dim(),
                backend.name(),
                graphSeconds,
                !built,
                fallbacks,
                meanHopSize,
                trainSize,
                devSize,
                tokens.tokens(),
                tokens.meanNorm(),
                context.key().describe(),
                io.privtune.split.RunEnvironment.describe(),
                cells);
    }

    /** The dev set's uploads under a mechanism, through the device's one upload path. */
    private interface Uploads {
        Perturbation of(Mechanism mechanism);
    }

    private DemoCell measure(
            String name,
            double eta,
            MechanismParameters p,
            MechanismContext context,
            Uploads batch,
            EncodedCorpus tokens,
            ShapeAwareKnn attack) {
        long start = System.nanoTime();
        Mechanism mechanism = Mechanisms.create(name, p, context);
        Perturbation out = batch.of(mechanism);
        ShapeAwareKnn.Outcome outcome;
        try (Progress.Task task = progress.start(
                String.format("%-22s eta=%-6s", name, Double.isInfinite(eta) ? "-" : trim(eta)),
                2L * tokens.attackedTokens(),
                "tok")) {
            outcome = attack.run(mechanism, out.perturbed(), tokens.ids(), tokens.special(), task);
        }
        KnnAttack.Result result = outcome.strongest();
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] finiteEta = Arrays.stream(out.effectiveEta())
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        double median = finiteEta.length == 0 ? Double.NaN : finiteEta[finiteEta.length / 2];
        return new DemoCell(
                name,
                eta,
                p.asMap(),
                result.attacked(),
                result.top1(),
                result.top5(),
                outcome.plain().top1Cosine(),
                outcome.plain().top1L2(),
                outcome.whitened() == null ? Double.NaN : outcome.whitened().top1(),
                tokens.meanCosine(out.perturbed()),
                median,
                seconds,
                mechanism.privacyStatement());
    }

    static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
