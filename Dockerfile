# syntax=docker/dockerfile:1
# ranger-daemon in a container: the Python daemon's image (tusharknaik/python-ranger-daemon), same variables.
#   docker build -t ranger-desk/ranger-daemon .
#   docker run --rm -e RANGER_ZK=zk:2181 -e SERVICE_NAME=app -e HOST=app -e PORT=8080 -e ENV=stage ranger-desk/ranger-daemon
# Variables: RANGER_ZK, SERVICE_NAME, HOST, PORT, ENV (required); NAMESPACE (default org), HEALTH_CHECK, REGION,
# TAGS, UPDATE_INTERVAL, HEALTH_CHECK_TIMEOUT (optional). Flags given after the image name replace them all.

# Production dependencies only (no install scripts: none of them needs one).
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Compile just the daemon and what it imports, so the image never depends on the desktop app's code.
FROM node:20-slim AS build
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY shared ./shared
COPY electron/engine ./electron/engine
COPY electron/cli ./electron/cli
RUN npx tsc electron/cli/ranger-daemon.ts --outDir dist --rootDir . \
      --module NodeNext --moduleResolution NodeNext --target ES2022 --lib ES2023 --types node \
      --strict --skipLibCheck --esModuleInterop

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
# package.json carries "type": "module", which the compiled files need.
COPY --chown=node:node package.json ./
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
# Docker's stop sends SIGTERM: the daemon deletes its node and exits 0 within 2 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/electron/cli/ranger-daemon.js"]
