# Sourced by ./mvnw (POSIX sh) just before it starts Maven. It starts no JVM: installations are
# known by their `release` files.
# - kit_jdk_hint: when the Java that will run Maven is older than 21, -Dkit.jdkHint=... naming a JDK
#   21+ installed on this machine, so that the enforcer's message (pom.xml, enforce-toolchain) can
#   tell the user exactly what to set.
# - kit_maven_opts: on Java 23+, lets Maven's own Guice use sun.misc.Unsafe without the JDK's
#   four-line deprecation warning at every build (older JVMs do not know the option).

kit_java_feature() { # the feature release of the Java installed at $1, or 0
  kit_v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9.]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  case "$kit_v" in
  1.*) kit_v=${kit_v#1.} ;;
  esac
  kit_v=${kit_v%%.*}
  case "$kit_v" in
  '' | *[!0-9]*) echo 0 ;;
  *) echo "$kit_v" ;;
  esac
}

kit_maven_java_home() { # the home of the Java that will run Maven, as ./mvnw's Maven finds it
  if [ -n "${JAVA_HOME-}" ]; then
    echo "$JAVA_HOME"
  else
    kit_java=$(command -v java 2>/dev/null) || return 0
    kit_java=$(readlink -f "$kit_java" 2>/dev/null || echo "$kit_java")
    dirname "$(dirname "$kit_java")"
  fi
}

kit_maven_opts() { # prints MAVEN_OPTS with what the Java that runs Maven needs
  kit_home=$(kit_maven_java_home)
  if [ -n "$kit_home" ] && [ "$(kit_java_feature "$kit_home")" -ge 23 ]; then
    case " ${MAVEN_OPTS-} " in
    *--sun-misc-unsafe-memory-access*) ;;
    *) printf '%s' "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS-}" && return 0 ;;
    esac
  fi
  printf '%s' "${MAVEN_OPTS-}"
}

kit_jdk_hint() { # prints -Dkit.jdkHint=... when Maven would run on a Java older than 21
  kit_home=$(kit_maven_java_home)
  [ -n "$kit_home" ] || return 0
  kit_running=$(kit_java_feature "$kit_home")
  # Unknown (no release file): let the enforcer judge with its own message.
  [ "$kit_running" -eq 0 ] || [ "$kit_running" -ge 21 ] && return 0
  kit_best="" kit_best_v=0
  set +f
  for kit_candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* "${HOME-}"/.asdf/installs/java/*; do
    [ -x "$kit_candidate/bin/javac" ] && [ ! -L "$kit_candidate" ] || continue
    kit_v=$(kit_java_feature "$kit_candidate")
    if [ "$kit_v" -ge 21 ] && [ "$kit_v" -gt "$kit_best_v" ]; then
      kit_best=$kit_candidate kit_best_v=$kit_v
    fi
  done
  set -f
  if [ -n "$kit_best" ]; then
    printf '%s' "-Dkit.jdkHint=A JDK $kit_best_v is installed at $kit_best: run export JAVA_HOME=$kit_best and the build again."
  else
    printf '%s' "-Dkit.jdkHint=No JDK 21+ was found in JAVA_HOME, /usr/lib/jvm, /usr/java, /opt/java, macOS's, SDKMAN's, IntelliJ's or asdf's directories: install one (e.g. Temurin 25), point JAVA_HOME at it and run the build again."
  fi
}
