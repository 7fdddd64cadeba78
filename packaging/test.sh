#!/usr/bin/env bash
# `make package-test`: the built .deb, installed into a scratch root (dpkg -x), works like an
# installed app: its menu entry and metainfo validate, `desktop-chat --self-test` passes and
# `desktop-chat ask` answers offline with a fresh data folder, and the bundle fits its size budget.
# Usage: packaging/test.sh   (after packaging/build.sh; DIST as for the build)
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID=io.github.desktopchat.DesktopChat
DIST=${DIST:-dist}
# The CPU bundle's budget, unpacked (it measured 1,089 MB when the budget was set: README, "Install").
BUDGET_MB=${BUDGET_MB:-1300}

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

shopt -s nullglob
debs=("$DIST"/desktop-chat_*.deb)
tarballs=("$DIST"/desktop-chat-*-linux-*.tar.gz)
[ ${#debs[@]} = 1 ] || fail "expected one .deb in $DIST, found ${#debs[@]} (run make package)"
[ ${#tarballs[@]} = 1 ] || fail "expected one .tar.gz in $DIST, found ${#tarballs[@]} (run make package)"
DEB=${debs[0]}

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
ROOT="$SCRATCH/root"
dpkg -x "$DEB" "$ROOT"
echo "installed $DEB into $ROOT"

for path in usr/bin/desktop-chat opt/desktop-chat/desktop-chat "usr/share/applications/$APP_ID.desktop" \
            "usr/share/metainfo/$APP_ID.metainfo.xml" "usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
            "usr/share/icons/hicolor/48x48/apps/$APP_ID.png" "usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
    [ -e "$ROOT/$path" ] || fail "the .deb has no /$path"
done
[ "$(dpkg-deb --field "$DEB" Package)" = desktop-chat ] || fail "the package is not called desktop-chat"
desktop-file-validate "$ROOT/usr/share/applications/$APP_ID.desktop" || fail "the desktop entry does not validate"
appstreamcli validate --no-net "$ROOT/usr/share/metainfo/$APP_ID.metainfo.xml" >/dev/null \
    || fail "the AppStream metainfo does not validate"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$ROOT/usr/share/applications/$APP_ID.desktop" | head -1)
[ -x "$ROOT/usr/bin/$exec_name" ] || fail "the menu entry runs '$exec_name', which the .deb does not install"
echo "ok   the desktop entry, the metainfo and the icons are in place and validate"

bundle_mb=$(( $(du -sk "$ROOT/opt/desktop-chat" | cut -f1) / 1024 ))
[ "$bundle_mb" -le "$BUDGET_MB" ] || fail "the bundle is $bundle_mb MB unpacked, over its budget of $BUDGET_MB MB"
echo "ok   the bundle is $bundle_mb MB unpacked (budget $BUDGET_MB MB); the .deb is $(( $(stat -c %s "$DEB") >> 20 )) MB"

# A fresh data folder, no network, nothing from the source tree: only what the .deb installed.
export DESKTOP_CHAT_HOME="$SCRATCH/home" QT_QPA_PLATFORM=offscreen HF_HUB_OFFLINE=1 PYTHONPATH=
unset VIRTUAL_ENV
cd "$SCRATCH"
"$ROOT/usr/bin/desktop-chat" --version
"$ROOT/usr/bin/desktop-chat" --self-test || fail "the installed desktop-chat --self-test failed"
answer=$("$ROOT/usr/bin/desktop-chat" ask --temperature 0 --max-new-tokens 12 "What is the capital of France?")
echo "ask: $answer"
grep -q Paris <<<"$answer" || fail "the installed desktop-chat ask did not answer Paris: $answer"
echo "package-test passed"
