"""The Projector tab in headless Chromium: the finished log dir shows its points and labels.

Needs Debian's Chromium (/usr/bin/chromium) and Playwright for Python (never
`playwright install`: it downloads a browser). Without Chromium these checks
are skipped, unless KATA_REQUIRE_BROWSER=1 (CI sets it), which makes them fail.
"""

import os
import tempfile
import time
from pathlib import Path

import pytest

from kata.learner.reference import solutions
from kata.pipeline import logdir
from kata.pipeline.main_job import tour

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("imdb"),
]  # minutes: Chromium, a TensorBoard


def toast(frame) -> str:
    """The warning the projector shows in its toast (a paper-toast keeps it in ``text``)."""
    toasts = frame.locator("#toast")
    return toasts.evaluate("el => el.opened ? el.text : ''") if toasts.count() else ""


def open_projector(browser, server, rows):
    """Open the Projector tab and wait until it shows ``rows`` points of dimension 16."""
    page = browser.new_page()
    page.goto(f"{server.url}/#projector")
    projector_frame = page.frame_locator("iframe").frame_locator("iframe")
    points = projector_frame.locator("span.numDataPoints")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if points.count() and points.inner_text().strip() == str(rows):
            break
        time.sleep(0.25)
    assert points.inner_text().strip() == str(rows), "the projector never showed the points"
    assert projector_frame.locator("span.dim").inner_text().strip() == "16"
    return page, projector_frame, projector_frame.locator("vz-projector")


# A point's label: its `label` (one column of metadata), or its `token` (step 8's columns).
LABEL = "(p.metadata.label ?? p.metadata.token)"


def labels_in_the_page(projector, rows):
    """The label of every point, once the metadata has arrived."""
    script = "el => el.dataSet.points.map(p => p.metadata ? LABEL : undefined)".replace(
        "LABEL", LABEL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        labels = projector.evaluate(script)
        if len(labels) == rows and all(label is not None for label in labels):
            return labels
        time.sleep(0.25)
    raise AssertionError(f"the projector labelled only {labels[:5]}... of {rows} points")


def search_and_read_neighbours(frame, word) -> list[str]:
    """Search ``word`` in the inspector, select its point (what a click on it does), and read
    the inspector's "nearest points" list, as a person reads it."""
    inspector = frame.locator("vz-projector-inspector-panel")
    inspector.locator("#search-box input").fill(word)
    matches = inspector.locator(".matches-list .row", has_text=word)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not matches.count():
        time.sleep(0.25)
    assert word in [text.strip() for text in matches.all_inner_texts()], "the search missed it"
    projector = frame.locator("vz-projector")
    index = projector.evaluate(
        "(el, word) => el.dataSet.points.findIndex(p => String(LABEL) === word)".replace(
            "LABEL", LABEL
        ),
        word,
    )
    projector.evaluate("(el, index) => el.notifySelectionChanged([index])", index)
    neighbours = inspector.locator(".nn-list .neighbor .label")
    while time.monotonic() < deadline and not neighbours.count():
        time.sleep(0.25)
    return [text.strip() for text in neighbours.all_inner_texts()]


def as_text(shown, line):
    """The projector reads a numeric label as a number ("010" is shown as 10): ``line`` when
    ``shown`` is that number, else ``shown`` as text."""
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        try:
            return line if float(line) == shown else str(shown)
        except ValueError:
            return str(shown)
    return shown


def test_the_projector_shows_every_point_with_its_label(browser, tensorboards, finished_log_dir):
    """Points: N, Dimension: 16, point i labelled with metadata line i, no error; a screenshot."""
    lines = logdir.metadata_lines(finished_log_dir / "metadata.tsv")
    page, frame, projector = open_projector(browser, tensorboards["good"], len(lines))
    assert labels_in_the_page(projector, len(lines)) == lines
    time.sleep(1.5)  # late errors arrive as a dialog or a toast
    assert not frame.locator("#notification-dialog").is_visible()
    assert "match" not in toast(frame), toast(frame)
    shot = Path(os.environ.get("KATA_SCREENSHOT_DIR") or tempfile.gettempdir()) / "projector.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    page.close()


@pytest.mark.parametrize("word", ["wonderful", "awful", "film"])
def test_step7_lists_the_projectors_own_neighbours(browser, tensorboards, finished_log_dir, word):
    """The projector's own cosine search (inspector's distFunc) finds step 7's neighbours."""
    labels, weights = solutions().step7_analyse.read_log_dir(str(finished_log_dir))
    page, _, projector = open_projector(browser, tensorboards["good"], len(labels))
    labels_in_the_page(projector, len(labels))
    theirs = projector.evaluate(
        """(el, [index, k]) => el.dataSet
            .findNeighbors(index, el.inspectorPanel.distFunc, k)
            .map(n => [el.dataSet.points[n.index].metadata, n.dist])
            .map(([p, dist]) => [p.label ?? p.token, dist])""",
        [labels.index(word), 10],
    )
    ours = solutions().step7_analyse.nearest(word, labels, weights, k=10)
    assert [token for token, _ in theirs] == [token for token, _ in ours]
    for (_, their_distance), (_, our_distance) in zip(theirs, ours, strict=True):
        assert abs(their_distance - our_distance) < 1e-5
    page.close()


@pytest.mark.parametrize("word", ["wonderful", "boring"])
def test_the_real_imdb_embedding_at_full_scale(
    browser, tensorboards, imdb_log_dir, word, monkeypatch
):
    """The tutorial's embedding: Points 8184, Dimension 16, every point labelled; the
    projector's search for a word's neighbours lists step 7's (for "wonderful", the first
    stop of the tour the main job prints, done as it says); a screenshot; the load time."""
    monkeypatch.setenv("KATA_LANG", "en")
    if word == "wonderful":
        assert "Search wonderful in the panel on the right and click it" in tour(word)[1]
    lines = logdir.metadata_lines(imdb_log_dir / "metadata.tsv")
    assert len(lines) == 8184
    start = time.monotonic()
    page, frame, projector = open_projector(browser, tensorboards["imdb"], len(lines))
    shown = labels_in_the_page(projector, len(lines))
    assert [as_text(label, line) for label, line in zip(shown, lines, strict=True)] == lines
    print(f"the projector showed 8184 labelled points in {time.monotonic() - start:.1f} s")
    labels, weights = solutions().step7_analyse.read_log_dir(str(imdb_log_dir))
    ours = [token for token, _ in solutions().step7_analyse.nearest(word, labels, weights, k=10)]
    assert search_and_read_neighbours(frame, word)[:10] == ours
    shot = Path(os.environ.get("KATA_SCREENSHOT_DIR") or tempfile.gettempdir()) / "imdb.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.close()


def test_colour_by_lean_colours_the_points(browser, tensorboards, imdb_log_dir, monkeypatch):
    """The tour's stop for step 8, done as it says: on the real IMDB embedding, Color by offers
    step 8's columns; choosing lean gives a colour scale over the lean's range, from one colour
    to another, and no error; a screenshot."""
    monkeypatch.setenv("KATA_LANG", "en")
    assert "Choose Color by: lean" in tour("wonderful")[4]
    rows = len(logdir.metadata_lines(imdb_log_dir / "metadata.tsv"))
    page, frame, projector = open_projector(browser, tensorboards["imdb"], rows)
    labels_in_the_page(projector, rows)
    panel = frame.locator("vz-projector-data-panel")
    options = panel.evaluate("el => el.colorOptions.map(o => o.name)")
    assert {"lean", "count"} <= set(options), options
    panel.evaluate("el => { el.selectedColorOptionName = 'lean'; }")
    legend = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not legend:
        legend = panel.evaluate(
            "el => el.colorLegendRenderInfo && el.colorLegendRenderInfo.thresholds"
        )
        time.sleep(0.25)
    assert legend and len({t["color"] for t in legend}) >= 2, legend
    values = [t["value"] for t in legend]
    assert min(values) <= 0.1 and max(values) >= 0.9, values  # the lean spans [0, 1]
    time.sleep(1.5)
    assert not frame.locator("#notification-dialog").is_visible()
    shot = Path(os.environ.get("KATA_SCREENSHOT_DIR") or tempfile.gettempdir()) / "lean.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.close()


def test_a_short_metadata_file_is_caught_before_the_projector_complains(
    browser, tensorboards, broken_log_dir
):
    """Metadata one line short: the checker names it; the projector only shows a toast."""
    findings = [str(finding) for finding in logdir.check(broken_log_dir)]
    assert any("one line short" in finding for finding in findings), findings
    rows = len(solutions().step7_analyse.read_log_dir(str(broken_log_dir))[1])
    page, frame, _ = open_projector(browser, tensorboards["broken"], rows)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "do not match" not in toast(frame):
        time.sleep(0.25)
    assert toast(frame) == (
        f"Number of tensors ({rows}) do not match the number of lines in metadata ({rows - 1})."
    )
    page.close()
