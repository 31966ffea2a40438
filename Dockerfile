# syntax=docker/dockerfile:1
# Build stage: install everything, type-check.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# patches/ before npm ci: its postinstall (patch-package) applies them to node_modules.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json drizzle.config.ts ./
COPY schema ./schema
COPY src ./src
COPY scripts ./scripts
RUN npm run typecheck

# Runtime stage: production dependencies plus tsx (the service runs TypeScript through it).
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save --no-audit --no-fund tsx@4 && npm cache clean --force
COPY --from=build /app/schema ./schema
COPY --from=build /app/src ./src
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
# Production sets JWKS_URL to its identity provider's key set; SEED=none keeps demo data out.
ENV SEED=none
CMD ["node", "--import", "tsx", "scripts/start.ts"]
