# Installs missing Debian packages. Sourced by scripts/test and benchmarks/run.
# A fresh machine has no package lists, so the first install runs apt-get update.

ensure_packages() {
    local missing=()
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing ${missing[*]}" >&2
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs missing Python modules with pip (the independent RSocket and crypto peers of the
# metrics tests). Arguments are pairs: module:package.
ensure_python_modules() {
    local missing=()
    local pair
    for pair in "$@"; do
        python3 -c "import ${pair%%:*}" 2>/dev/null || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> pip installing ${missing[*]}" >&2
    python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${missing[@]}"
    for pair in "$@"; do
        python3 -c "import ${pair%%:*}" || { echo "error: python module ${pair%%:*} still missing after pip install" >&2; return 1; }
    done
}
