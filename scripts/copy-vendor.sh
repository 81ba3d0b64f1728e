#!/usr/bin/env bash
# Copy the front-end libraries installed by `npm ci` into the package's static folder (served by Seedarr).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/seedarr/web/static/vendor
mkdir -p "$dest"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/"
cp node_modules/chart.js/dist/chart.umd.min.js "$dest/"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$dest/"
