#!/usr/bin/env python3
"""Does the emulated GPU test run catch real mistakes? Applies each mutant below to a clean work tree (a
kernel or CUDA-backend bug of a kind that is easy to make and invisible without a GPU), rebuilds, runs
the emulated parity and end-to-end tests, restores the file, and prints caught / MISSED per mutant.

    native/emulator/mutation-check.py            (about 40 s per mutant on 2 cores)
    native/emulator/mutation-check.py LABEL...   (only those)

Exit status 1 when a mutant is missed or the unmutated tree fails."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
KERNELS = "native/src/privtune_kernels.cu"
BACKEND = "engine-java/cuda/src/main/java/io/privtune/cuda/backend/"

# (label, file, text, replacement)
MUTANTS = [
    ("topk-merge-missing-barrier", KERNELS, "        warp_ids[warp][lane] = list.id;\n    }\n    __syncthreads();",
     "        warp_ids[warp][lane] = list.id;\n    }"),
    ("topk-floor-not-rechecked", KERNELS, "                if (better(c_sim, c_id, list.floor_sim, list.floor_id)) {  // the floor",
     "                if (true) {  // the floor"),
    ("dchi-reduction-missing-barrier", KERNELS,
     "            partial[threadIdx.x] += partial[threadIdx.x + stride];\n        }\n        __syncthreads();",
     "            partial[threadIdx.x] += partial[threadIdx.x + stride];\n        }"),
    ("tiled-gemm-missing-barrier", KERNELS, "r_tile[threadIdx.x][t];\n        }\n        __syncthreads();",
     "r_tile[threadIdx.x][t];\n        }"),
    ("opt3-partial-warp-reduction", KERNELS, "for (int step = 16; step > 0; step >>= 1)", "for (int step = 8; step > 0; step >>= 1)"),
    ("radius-stream-keyed-as-direction", KERNELS, "Stream stream(keys.radius, at);",
     "Stream stream(keys.direction, at);"),
    ("perturb-arguments-swapped", BACKEND + "CudaPerturbation.java",
     "                        .f64(eta)\n                        .i32(n)\n                        .i32(d)",
     "                        .f64(eta)\n                        .i32(d)\n                        .i32(n)"),
    ("perturb-token-index-off-by-one", KERNELS, "static_cast<uint32_t>(position_of[token])", "static_cast<uint32_t>(position_of[token] + 1)"),
    ("perturb-context-not-made-current", BACKEND + "CudaPerturbation.java",
     "            backend.device().makeCurrent();\n            var stream = backend.device().stream();",
     "            var stream = backend.device().stream();"),
    ("score-buffer-one-short", BACKEND + "CudaCosineIndex.java", "scores.ensure((long) largest * rows)", "scores.ensure((long) largest * rows - 1)"),
    ("opt2-shared-memory-too-small", BACKEND + "CudaNoiseSolver.java", "int shared = Double.BYTES + (6 * d", "int shared = Double.BYTES + (5 * d"),
    ("staging-regions-overlap", BACKEND + "StagedBatch.java", "        used += size;", "        used += 0;"),
    ("batch-without-synchronisation", BACKEND + "StagedBatch.java",
     "        } else {\n            CudaDriver.cuStreamSynchronize(stream);\n        }", "        } else {\n        }"),
    ("sealed-batch-without-synchronisation", BACKEND + "StagedBatch.java",
     "            CudaDriver.cuEventSynchronize(sealed);\n", ""),
    ("staging-half-not-reset", BACKEND + "StagedBatch.java", "        afterSync.clear();\n        used = 0;\n    }\n\n    /**",
     "        afterSync.clear();\n    }\n\n    /**"),
]

MVN = [str(ROOT / "mvn25"), "-B", "-q"]


def tests_pass() -> bool:
    build = subprocess.run(MVN + ["install", "-DskipTests", "-pl", "native,engine-java/cuda", "-am"], cwd=ROOT, capture_output=True, text=True)
    if build.returncode != 0:
        return False
    cuda = subprocess.run(MVN + ["test", "-pl", "engine-java/cuda"], cwd=ROOT, capture_output=True, text=True)
    split = subprocess.run(MVN + ["test", "-pl", "engine-java/cli", "-am", "-Dtest=CudaPerturbEndToEndTest", "-Dsurefire.failIfNoSpecifiedTests=false"], cwd=ROOT,
                           capture_output=True, text=True)
    for crash in ROOT.glob("engine-java/*/hs_err_pid*.log"):  # a faulting mutant may crash the test JVM
        crash.unlink()
    return cuda.returncode == 0 and split.returncode == 0


def main() -> int:
    chosen = [m for m in MUTANTS if len(sys.argv) == 1 or m[0] in sys.argv[1:]]
    if not tests_pass():
        print("the unmutated tree fails its emulated tests: fix that first")
        return 1
    missed = 0
    for label, name, text, replacement in chosen:
        path = ROOT / name
        original = path.read_text()
        if original.count(text) != 1:
            print(f"{label}: its text no longer appears exactly once in {name}: update the mutant")
            missed += 1
            continue
        try:
            path.write_text(original.replace(text, replacement))
            caught = not tests_pass()
        finally:
            path.write_text(original)
        print(f"{label}: {'caught' if caught else 'MISSED'}", flush=True)
        missed += 0 if caught else 1
    tests_pass()  # leave the build as the sources are
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
