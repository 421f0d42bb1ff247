#!/usr/bin/env bash
# Builds dist/pfw: one self-contained executable (Bun runtime + pfw + its
# workers + parquet-wasm's .wasm + web/ assets). Needs no network once
# node_modules is installed; installs it from the lock file when missing.
#
#   bash compile.sh                  # -> dist/pfw, prints its size
#   bash compile.sh --outfile PATH   # another place
#   bash compile.sh --minify         # minified bundle (a little smaller)
#   bash compile.sh --no-bytecode    # no embedded bytecode (~5 MiB smaller, starts slower)
#   bash compile.sh --deno           # explains why `deno compile` is not used
#
# Then: cp dist/pfw anywhere && ./pfw init demo && ./pfw run demo/pipeline.yml
set -euo pipefail
here=$PWD
cd "$(dirname "$0")"

# A relative --outfile is relative to the folder compile.sh was run from.
absolute() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$here" "$1" ;; esac; }

args=()
expect_outfile=0
for arg in "$@"; do
  if [ "$expect_outfile" = 1 ]; then args+=("$(absolute "$arg")"); expect_outfile=0; continue; fi
  case "$arg" in
    --outfile) args+=("$arg"); expect_outfile=1 ;;
    --outfile=*) args+=("--outfile=$(absolute "${arg#--outfile=}")") ;;
    --deno)
      cat >&2 <<'EOF'
compile.sh --deno: not available.
`deno compile` downloads a "denort" runtime for the target from dl.deno.land
at build time; this machine (and CI here) cannot reach that host, and the
npm package `deno` ships only the full CLI. Were it reachable, the command
would be:
  ./node_modules/.bin/deno compile -A --include lib/engine/worker_entry.js \
    --include lib/engine/worker.ts -o dist/pfw main.ts
(with parquet-wasm's .wasm resolved through import.meta.resolve, which
deno compile embeds from node_modules). The tested, supported build is Bun's:
  bash compile.sh
EOF
      exit 2
      ;;
    -h|--help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) args+=("$arg") ;;
  esac
done

need=(node_modules/.bin/bun node_modules/arquero node_modules/@uwdata/flechette node_modules/parquet-wasm node_modules/yaml)
for path in "${need[@]}"; do
  if [ ! -e "$path" ]; then
    echo "compile.sh: $path is missing; installing dependencies with npm ci" >&2
    npm ci --no-audit --no-fund
    break
  fi
done

exec ./node_modules/.bin/bun build/compile.ts "${args[@]+"${args[@]}"}"
