"""The window paints before torch is imported and never stalls while a reply streams (measured in
the real app, in a child process, the way `desktop-chat bench` measures it)."""

import pytest

from desktop_chat.core.bench import gui_probes

pytestmark = pytest.mark.e2e


def test_window_paints_early_and_stays_responsive_while_streaming(home):
    report = gui_probes("smollm2-135m-instruct")
    assert "gui_probe_error" not in report, report
    assert report["torch_imported_at_first_paint"] is False
    assert report["gui_stall_reply_tokens"] == 128
    # Target ≤ 16 ms (one frame), reported by `bench`; this bound keeps a busy CI machine from flaking.
    assert report["gui_max_stall_ms"] <= 50, report
