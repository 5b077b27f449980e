# syntax=docker/dockerfile:1
# mcp-oauth-kit on Eclipse Temurin's JRE 25 (Ubuntu 24.04): the distribution archive, with an AOT
# cache made in this image for this image's JVM. Build the archive first, then the image, from the
# repository's root (the build context is the repository; .dockerignore lets only the archive in):
#
#   ./mvnw -B -pl app -am package -DskipTests -Dkit.aot.skip=true   # -Dtransport=undertow: Undertow
#   docker build -t mcp-oauth-kit .
#   docker run --rm -p 3000:3000 -e OAUTH_ISSUER_URL=https://auth.example.com/realms/mcp \
#     -e MCP_PUBLIC_URL=http://localhost:3000/mcp -e OAUTH_AUDIENCE=http://localhost:3000/mcp \
#     --read-only --tmpfs /tmp --stop-timeout 30 mcp-oauth-kit
#
# Pin JRE_IMAGE by digest for repeatable images (eclipse-temurin:25-jre-noble@sha256:...).
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JRE_IMAGE} AS unpacked
COPY app/target/mcp-oauth-kit-*.tar.gz /tmp/
# The archive's own AOT cache belongs to the JDK that built it, not to this image's JVM: dropped.
RUN set -eu; \
    mkdir /opt/mcp-oauth-kit; \
    tar -xzf /tmp/mcp-oauth-kit-*.tar.gz -C /opt/mcp-oauth-kit --strip-components=1 --no-same-owner; \
    rm -f /opt/mcp-oauth-kit/lib/mcp-oauth-kit.aot /opt/mcp-oauth-kit/lib/mcp-oauth-kit.aot.stamp

FROM ${JRE_IMAGE}
COPY --from=unpacked /opt/mcp-oauth-kit /opt/mcp-oauth-kit
# The training run happens here, in the final stage: the cache must be made by the very JVM, at
# the very paths and with the very flags (the launcher's defaults) of the container's starts. It
# starts the server in development mode on loopback and sends it requests for a few seconds.
RUN ["/opt/mcp-oauth-kit/bin/mcp-oauth-kit", "--create-aot-cache"]
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mcp-oauth-kit
# Numeric, so that Kubernetes can check runAsNonRoot without a name lookup.
USER 10001:10001
WORKDIR /opt/mcp-oauth-kit
# Every interface inside a container (the kit's default is loopback). Set OAUTH_ISSUER_URL,
# OAUTH_AUDIENCE and MCP_PUBLIC_URL (the URL clients dial) when running it; --help lists the rest.
ENV HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000
# Liveness on /health without curl or wget, which the JRE image lacks, and without a second JVM:
# bash's /dev/tcp sends one HTTP request; the status line must say 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>\"/dev/tcp/127.0.0.1/${PORT:-3000}\" && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 5 status <&3 && [[ $status == 'HTTP/1.1 200'* ]]"]
# The launcher execs java: SIGTERM (docker stop) reaches the JVM, which drains for SHUTDOWN_DRAIN
# (5 s), gives requests in flight up to SHUTDOWN_TIMEOUT (10 s) and exits 0. docker stop waits only
# 10 s before SIGKILL: run with --stop-timeout 30 (compose: stop_grace_period: 30s).
ENTRYPOINT ["/opt/mcp-oauth-kit/bin/mcp-oauth-kit"]
