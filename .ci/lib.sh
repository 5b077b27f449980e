# Shell helpers shared by the CI scripts (.ci/run, .ci/conformance, .ci/e2e); source it from the repository root.
# Defines: log, java_major, find_build_jdk, find_jdk17, require_build_jdk.

log() { printf '\n==> %s\n' "$*"; }

java_major() { # prints the feature version of the java at $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

# The build needs a JDK 21+: JAVA_HOME if it is one, else the newest JDK in Debian's JVM directory.
find_build_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    local v; v=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" best_v=0 home v
  for home in /usr/lib/jvm/*; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" && ! -L "$home" ]] || continue
    v=$(java_major "$home/bin/java"); [[ -n "$v" ]] || continue
    if (( v >= 21 && v > best_v )); then best="$home"; best_v=$v; fi
  done
  [[ -n "$best" ]] && echo "$best"
}

find_jdk17() {
  local home
  for home in /usr/lib/jvm/*; do
    [[ -x "$home/bin/java" && ! -L "$home" ]] || continue
    [[ "$(java_major "$home/bin/java")" == 17 ]] && { echo "$home"; return; }
  done
}

# Exports JAVA_HOME as a JDK 21+ (see find_build_jdk), or exits 1 with a message.
require_build_jdk() {
  local jdk
  jdk=$(find_build_jdk || true)
  if [[ -z "$jdk" ]]; then
    echo "No JDK 21+ found (JAVA_HOME=${JAVA_HOME:-unset}; looked in /usr/lib/jvm). Install one, e.g. a Temurin 21 or 25." >&2
    exit 1
  fi
  export JAVA_HOME="$jdk"
}

# ensure_debian_package <command> <package>: installs <package> with apt-get when <command> is not
# on PATH (as root, else with sudo); fails with what to install by hand when it cannot.
ensure_debian_package() {
  local command=$1 package=$2 sudo=()
  command -v "$command" >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  log "Installing $package (apt-get): '$command' is not on PATH"
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package"; }; then
    echo "Could not install the Debian package $package; install it by hand (apt-get install $package)." >&2
    return 1
  fi
  command -v "$command" >/dev/null
}
