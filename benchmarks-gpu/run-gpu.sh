#!/usr/bin/env bash
# GPU benchmarks and parity tests, carried to a GPU machine that has no JDK and no network.
#   benchmarks-gpu/run-gpu.sh bundle   (here) build gpu-bundle/: a jlink'd JDK 25, the benchmark jars, the parity tests
#   benchmarks-gpu/run-gpu.sh run OUT  (there) parity tests, JMH (kNN graph vs GEMM alone, OPT-3, OPT-2), OPT-3
#                                      bandwidth, PyTorch cdist+topk when torch is importable; results into OUT
#   benchmarks-gpu/run-gpu.sh smoke OUT  (here) the same steps from the same bundle on native/'s CPU emulator of the
#                                      driver and cuBLAS, every size shrunk: proves the harness, measures nothing
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$root/gpu-bundle"
case "${1:-}" in
  bundle)
    source "$root/scripts/find-jdk25.sh"
    "$root/mvn25" -q -B install -DskipTests -pl bindings,native,engine-java/core,engine-java/cuda,benchmarks-gpu -am
    "$root/mvn25" -q -B test-compile -pl engine-java/cuda
    rm -rf "$bundle"
    mkdir -p "$bundle"
    "$root/mvn25" -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.13.4 -DoutputDirectory="$bundle"
    # what the parity tests need beyond the benchmarks' class path: core's test-jar (LogCapture) and Logback
    "$root/mvn25" -q -B dependency:copy-dependencies -pl engine-java/cuda -DincludeScope=test \
      -DincludeArtifactIds=privtune-core,logback-classic,logback-core -DoutputDirectory="$bundle/tests-lib"
    "$PRIVTUNE_JAVA_HOME/bin/jlink" --add-modules java.base,java.management,java.logging,java.naming,java.xml,jdk.unsupported,jdk.zipfs,jdk.incubator.vector \
      --strip-debug --no-header-files --no-man-pages --compress zip-9 --output "$bundle/jre"
    # libjvm.so's symbol table is 5 MB of the 64 MiB that may travel; the JVM runs without it
    if command -v strip > /dev/null; then strip --strip-unneeded "$bundle/jre/lib/server/libjvm.so"; fi
    cp "$root/benchmarks-gpu/target/benchmarks-gpu.jar" "$bundle/"
    cp -r "$root/benchmarks-gpu/target/lib" "$bundle/lib"
    cp -r "$root/engine-java/cuda/target/test-classes" "$bundle/tests"
    cp "$root/benchmarks-gpu/pytorch_knn.py" "$bundle/"
    # the emulator stays in native/target (smoke runs here): the bundle travels with the tree, 64 MiB in all
    du -sh "$bundle"
    ;;
  run|smoke)
    mode="$1"
    out="${2:?usage: run-gpu.sh $mode OUT}"
    mkdir -p "$out"
    java="$bundle/jre/bin/java"
    flags=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow)
    jmh=(-rf json -rff "$out/jmh.json")
    if [[ "$mode" == smoke ]]; then
      emulator="$root/native/target/emulator/libprivtune_cuda_emulator.so"
      [[ -f "$emulator" ]] || { echo "no CUDA emulator at $emulator (g++ was missing when native/ was built)" >&2; exit 2; }
      flags+=("-Dprivtune.libcuda=$emulator" "-Dprivtune.cublas=$emulator" -Dprivtune.expect.emulator=true -Dprivtune.bench.smoke=true)
      jmh+=(-wi 0 -i 1 -r 1 -jvmArgsAppend "${flags[*]}")
    elif [[ -z "${PRIVTUNE_CUBLAS:-}" ]]; then
      # cuBLAS from a Python wheel when it is not on the loader path
      # (a namespace package has no __file__: take its first __path__ entry)
      found="$(python3 -c 'import nvidia.cublas as c, os; print(os.path.join(list(c.__path__)[0], "lib", "libcublas.so.13"))' 2>/dev/null || true)"
      [[ -n "$found" && -f "$found" ]] && export PRIVTUNE_CUBLAS="$found"
      echo "cuBLAS: ${PRIVTUNE_CUBLAS:-from the loader path} $(python3 -m pip show nvidia-cublas 2>/dev/null | grep -m1 '^Version' || true)"
    fi
    # at most 8 files come back from a lent GPU: device.txt, parity.txt, opt3-bandwidth.json, tf32-neighbours.json,
    # jmh.json, jmh.txt, pytorch-knn.json, and the caller's log
    if command -v nvidia-smi > /dev/null; then
      { nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv; nvidia-smi; } > "$out/device.txt" || true
    fi
    "$java" "${flags[@]}" -jar "$bundle/junit-platform-console-standalone-1.13.4.jar" execute \
      --class-path "$bundle/tests:$(ls "$bundle"/tests-lib/*.jar "$bundle"/lib/*.jar | tr '\n' ':')" --select-package io.privtune.cuda.backend \
      | tee "$out/parity.txt" || failed="parity tests"  # measure anyway, fail at the end
    "$java" "${flags[@]}" -cp "$bundle/benchmarks-gpu.jar:$bundle/lib/*" io.privtune.bench.gpu.Opt3Bandwidth | tee "$out/opt3-bandwidth.json"
    "$java" "${flags[@]}" -cp "$bundle/benchmarks-gpu.jar:$bundle/lib/*" io.privtune.bench.gpu.Tf32Neighbours | tee "$out/tf32-neighbours.json"
    "$java" "${flags[@]}" -cp "$bundle/benchmarks-gpu.jar:$bundle/lib/*" org.openjdk.jmh.Main "${jmh[@]}" | tee "$out/jmh.txt"
    if [[ "$mode" == run ]] && python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
      python3 "$bundle/pytorch_knn.py" | tee "$out/pytorch-knn.json"
    fi
    if [[ -n "${failed:-}" ]]; then echo "FAILED: $failed (see $out/parity.txt)" >&2; exit 1; fi
    ;;
  *)
    echo "usage: $0 bundle | run OUT | smoke OUT" >&2
    exit 2
    ;;
esac
