# Build and run xks-proxy. The Luna client (or SoftHSM2 for trials) is mounted or layered on top.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY proto ./proto
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends softhsm2 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/xks-proxy xks && mkdir -p /var/lib/xks-proxy && chown xks /var/lib/xks-proxy
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY proto ./proto
COPY config ./config
COPY package.json ./
USER xks
ENV XKS_DATA_DIR=/var/lib/xks-proxy XKS_HTTP_HOST=0.0.0.0
EXPOSE 8080 9090 9100
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
