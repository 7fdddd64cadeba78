"""The desktop entry and the AppStream metainfo that the .deb installs (packaging/linux/): they
validate with the freedesktop tools, agree with each other and with the app, and the metainfo has
release notes for this version."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import desktop_chat

REPO = Path(__file__).resolve().parents[2]
APP_ID = "io.github.desktopchat.DesktopChat"
DESKTOP = REPO / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = REPO / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt install desktop-file-utils appstream; .ci/run does)")
    return path


def test_the_desktop_entry_validates_and_starts_the_app_with_its_icon():
    done = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Exec"] == "desktop-chat" and main["Icon"] == APP_ID and main["Terminal"] == "false"
    assert entry["Desktop Action new-window"]["Exec"] == "desktop-chat --new-window"
    icons = REPO / "desktop_chat" / "resources" / "icons"
    assert (icons / "desktop-chat.svg").is_file()
    assert all((icons / f"desktop-chat-{size}.png").is_file() for size in (16, 24, 32, 48, 64, 128, 256, 512))


def test_the_metainfo_validates_names_the_entry_and_has_notes_for_this_release():
    done = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == desktop_chat.__version__
    assert newest.find("description") is not None
    shots = root.findall("screenshots/screenshot/image")
    assert shots and all((REPO / "resources" / "screenshots" / Path(s.text or "").name).is_file() for s in shots)

