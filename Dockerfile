# The Attest command line as a container image, for repositories that do not use npm:
#
#   docker build -t attest .
#   docker run --rm -v "$PWD:/org" attest validate
#   docker run --rm -v "$PWD:/org" attest build
#   docker run --rm -p 4321:4321 -v "$PWD:/org" attest serve --host 0.0.0.0
#
# The organisation (controls/, policies/) is mounted at /org, the working directory; dist/
# and data/ are written there. See docs/getting-started.md.

FROM node:20-bookworm-slim AS dependencies
# npm 11.16 honours `allowScripts` in package.json (.npmrc has engine-strict=true); the
# toolchain builds better-sqlite3 when no prebuilt binary fits.
RUN npm install -g npm@11 \
  && apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/attest
COPY package.json package-lock.json .npmrc ./
COPY scripts/link-bin.mjs scripts/link-bin.mjs
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# git: `attest diff` and the publication's commit; ca-certificates: the live checks.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && git config --system --add safe.directory '*'
WORKDIR /opt/attest
COPY --from=dependencies /opt/attest/node_modules node_modules
COPY . .
ENV NODE_ENV=production
WORKDIR /org
EXPOSE 4321
ENTRYPOINT ["node", "/opt/attest/scripts/attest.mjs"]
CMD ["--help"]
