# Sourced by ./mvn25 and ./privtune: sets PRIVTUNE_JAVA_HOME to a JDK whose major version is >= 25.
# Order: PRIVTUNE_JAVA_HOME, JAVA_HOME, then every JDK under /usr/lib/jvm (newest name first).
privtune_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
privtune_find_jdk25() {
  local candidate major
  for candidate in "${PRIVTUNE_JAVA_HOME:-}" "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(privtune_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! PRIVTUNE_JAVA_HOME="$(privtune_find_jdk25)"; then
  echo "PrivTune needs a JDK 25 or newer (javac included); none found in PRIVTUNE_JAVA_HOME, JAVA_HOME or /usr/lib/jvm." >&2
  echo "Install one (e.g. Temurin 25) or point PRIVTUNE_JAVA_HOME at it." >&2
  exit 1
fi
export PRIVTUNE_JAVA_HOME
