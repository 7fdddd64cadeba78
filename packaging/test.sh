#!/usr/bin/env bash
# `make package-test`: the built .deb, installed into a scratch root (dpkg -x), works like an
# installed app: its menu entry and metainfo validate, `desktop-chat --self-test` passes,
# `desktop-chat ask` answers offline with a fresh data folder, a folder of documents is read and a
# question answered from it with its source, and the bundle fits its size budget.
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

# Documents: a folder read (Chinese words need jieba's dictionary in the bundle) and a question answered
# with its source.
mkdir -p "$SCRATCH/notes"
printf '# Club notes\n\nThe Quibble password is MANGO-77.\n' > "$SCRATCH/notes/passwords.md"
printf '泽布拉星球上的居民有三条腿。\n' > "$SCRATCH/notes/星球.txt"
"$ROOT/usr/bin/desktop-chat" docs add notes "$SCRATCH/notes" || fail "the installed desktop-chat docs add failed"
"$ROOT/usr/bin/desktop-chat" docs search notes "星球" | grep -q "星球.txt" \
    || fail "the installed desktop-chat does not find a Chinese word in its documents"
sources=$("$ROOT/usr/bin/desktop-chat" ask --docs notes --temperature 0 --max-new-tokens 20 \
          "What is the Quibble password?")
echo "ask --docs: $sources"
grep -q "passwords.md" <<<"$sources" || fail "the installed desktop-chat ask --docs named no source: $sources"
echo "package-test passed"
