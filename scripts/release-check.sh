#!/usr/bin/env bash
# Runs the README's release command into a scratch folder and checks what a release must hold: the BOM,
# and for every published module its jar, sources jar, javadoc jar and a POM with the version resolved.
#   scripts/release-check.sh [VERSION]     (default 0.0.0-releasecheck; nothing leaves this machine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-0.0.0-releasecheck}"
# in a copy of the tree (tracked and untracked-but-not-ignored files), so this tree's build keeps its own version
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) \
  | tar -xf - -C "$work"
staging="$here/target/release-check"
rm -rf "$staging"
"$work/mvn25" -B -q -Prelease -Drevision="$version" -DskipTests -Dmaven.install.skip=true deploy \
  -DaltDeploymentRepository="staging::file:$staging"
repo="$staging/io/privtune"
fail=0
need() { if [ ! -s "$1" ]; then echo "release-check: missing $1" >&2; fail=1; fi; }
need "$repo/privtune-bom/$version/privtune-bom-$version.pom"
grep -q "<artifactId>privtune-core</artifactId>" "$repo/privtune-bom/$version/privtune-bom-$version.pom" || { echo "release-check: the BOM lists no privtune-core" >&2; fail=1; }
if grep -q "<parent>" "$repo/privtune-bom/$version/privtune-bom-$version.pom"; then
  echo "release-check: the published BOM still has a parent (it would pin the build's own dependencies in every importer)" >&2; fail=1
fi
# the parent POM: every module's POM names it, so it is published too, and holds what Maven Central requires
parent="$repo/privtune-parent/$version/privtune-parent-$version.pom"
need "$parent"
for field in '<url>' '<description>' '<licenses>' '<developers>' '<scm'; do
  grep -q "$field" "$parent" || { echo "release-check: the parent POM has no $field (Maven Central requires it)" >&2; fail=1; }
done
if grep -q '\${revision}' "$parent"; then echo "release-check: the parent POM has an unresolved \${revision}" >&2; fail=1; fi
for module in privtune-core privtune-cuda-bindings privtune-cuda-kernels privtune-cuda privtune-split privtune-cli; do
  dir="$repo/$module/$version"
  for suffix in .jar -sources.jar -javadoc.jar .pom; do need "$dir/$module-$version$suffix"; done
  if [ -s "$dir/$module-$version.pom" ] && grep -q '\${revision}' "$dir/$module-$version.pom"; then
    echo "release-check: $module's POM has an unresolved \${revision}" >&2; fail=1
  fi
done
for unpublished in privtune-examples privtune-benchmarks privtune-benchmarks-gpu; do
  if [ -d "$repo/$unpublished" ]; then echo "release-check: $unpublished must not be published" >&2; fail=1; fi
done
# how the JDK names each jar on the module path (its Automatic-Module-Name)
source "$here/scripts/find-jdk25.sh"
for pair in privtune-core:io.privtune.core privtune-cuda-bindings:io.privtune.cuda.bindings \
    privtune-cuda-kernels:io.privtune.cuda.kernels privtune-cuda:io.privtune.cuda privtune-split:io.privtune.split \
    privtune-cli:io.privtune.cli; do
  module=${pair%%:*}; expected=${pair#*:}
  jar="$repo/$module/$version/$module-$version.jar"
  [ -s "$jar" ] || continue
  found=$("$PRIVTUNE_JAVA_HOME/bin/jar" --describe-module --file "$jar" 2>&1 | sed -n 's/^\([a-z.]*\)@.* automatic$/\1/p')
  [ "$found" = "$expected" ] || { echo "release-check: $module is module '$found' on the module path, expected $expected" >&2; fail=1; }
done
[ $fail -eq 0 ] || exit 1
echo "release-check: $(find "$repo" -name '*.jar' | wc -l) jars and $(find "$repo" -name '*.pom' | wc -l) POMs for version $version in $staging"
