# One image, two roles: the API (default command) and the one-shot migrate job
# (`node dist/src/db-cli/main.js up`, see docker-compose.yml).
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: all dependencies, compile TypeScript (app, MikroORM config, migrations) to dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json mikro-orm.config.ts ./
COPY scripts/write-dist-entry.mjs ./scripts/
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- prod-deps: production dependencies only (no TypeScript loader, no test tooling).
# --omit=optional too: dev tools that are optional peers of runtime packages (typescript for
# @nestjs/swagger, typeorm for @nestjs/terminus) are "devOptional" in the lockfile, and
# --omit=dev alone would still install them.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts && npm cache clean --force

# --- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    MIKRO_ORM_CLI_CONFIG=dist/mikro-orm.config.js \
    NODE_COMPILE_CACHE=/app/.compile-cache
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# Fill V8's compile cache for the modules the migrate job and the API load, so a fresh container
# does not compile them again (dist/main.js and the db command turn the cache on).
RUN node dist/src/db-cli/main.js --help > /dev/null \
 && node --input-type=module -e "import { enableCompileCache } from 'node:module'; enableCompileCache(); await import('./dist/src/app.factory.js')" \
 && chown -R node:node .compile-cache
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
