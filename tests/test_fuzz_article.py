"""Fuzzing article text (issue 11): whatever bytes come in as an article, `tracker extract` answers by
the contract (exit 0 with inert output, or exit 2 with one `tracker:` line), and what it proposes
goes through `tracker apply` line by line: every proposal lands or is refused alone as bad input.

Articles are built from news-style pieces (datelines, attributions, quotes, times, HTML furniture)
mixed with hostile text: terminal escapes, bidi overrides, entities that decode to controls,
broken UTF-8 and markup. `FUZZ_EXAMPLES` articles run in one process.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_support import FUZZ, RAW, InProcess, fingerprint, integrity

SPEAKERS = ["Donald Trump", "Dmitry Peskov", "Volodymyr Zelenskyy", "the Kremlin", "a senior official",
            "Kaja Kallas", "Ursula von der Leyen", "Олена Петренко", "\u202eevil\u202c Smith", "Dr. Ng", "\x1b[31mRed",
            "O'Brien-Smith", "AP", "Reuters", ""]
VERBS = ["said", "told reporters", "claimed", "wrote on X", "denied", "announced", "says", "added"]
WHEN = ["on Thursday", "yesterday", "on Jan. 29", "at 11:30 a.m. Washington time", "late on Wednesday",
        "on 30 February", "in 9999", "overnight", "this morning", "on Thursday, Kyiv time", "in 48 hours", ""]
STATEMENTS = ["Putin agreed not to strike Kyiv for one week", "the ceasefire would hold until Sunday",
              "no such agreement existed", "energy infrastructure would be spared for 30 days",
              "talks would resume in Abu Dhabi by Sunday", "Russia had launched 400 drones",
              "\u200bzero\u200b width", "a \x07 bell", "it was \"absolutely false\"", "x" * 3000]
DATELINES = ["KYIV, Ukraine (AP) — ", "WASHINGTON (Reuters) - ", "MOSCOW, Jan 30 — ", "", "BRUSSELS \u202e(AP) — "]
HTML = ["<p>", "</p>", "<script>alert(1)</script>", "<title>\x1b]0;owned\x07</title>", "&#27;[2J", "&#x202e;",
        "&#0;", "&#xD800;", "<meta property=\"article:published_time\" content=\"9999-99-99\">",
        "<meta property=\"og:site_name\" content=\"\x1b[31mNews\">", "<link rel=\"canonical\" href=\"javascript:x\">",
        "<![CDATA[", "<!--", "<br>", "&amp;", "<div class=\"byline\">By AP</div>", "<time datetime=\"2026-01-30\">"]
PUBLISHED = ["", "2026-01-30 07:00 Kyiv time", "yesterday", "9999-12-31T23:00:00Z", "Narnia time", "+99999999d",
             "2026-01-30T07:00:00+02:00"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    speaker, verb, when = draw(st.sampled_from(SPEAKERS)), draw(st.sampled_from(VERBS)), draw(st.sampled_from(WHEN))
    statement = draw(st.one_of(st.sampled_from(STATEMENTS), st.text(max_size=40)))
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f"{speaker} {verb} {when} that {statement}."
    if shape == 1:
        return f"\u201c{statement},\u201d {speaker} {verb} {when}."
    if shape == 2:
        return f"\"{statement}\" {verb} {speaker}."
    return f"According to {speaker}, {statement} {when}."


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=300))
    paragraphs = [draw(st.sampled_from(DATELINES)) + " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))
                  for _ in range(draw(st.integers(0, 5)))]
    if kind == 1:
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), draw(st.text(max_size=200)))
    text = "\n\n".join(paragraphs)
    if kind in (2, 3):  # as a web page, with furniture and hostile markup between the paragraphs
        pieces = [draw(st.sampled_from(HTML)) for _ in range(draw(st.integers(0, 6)))]
        body = "".join(f"<p>{p}</p>{draw(st.sampled_from(pieces))}" if pieces else f"<p>{p}</p>"
                       for p in paragraphs)
        text = f"<html><head>{''.join(pieces[:2])}</head><body>{body}</body></html>"
    data = text.encode("utf-8", "surrogatepass")
    if kind == 4 and data:  # a broken byte somewhere
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\r", b"\xef\xbb\xbf"])) + data[at:]
    return data


def test_any_article_extracts_by_the_contract_and_its_proposals_apply_alone(tmp_path: Path) -> None:
    db = tmp_path / "articles.db"
    run = InProcess(db)
    assert run("init").code == 0
    story = tmp_path / "story"
    seen = {"articles": 0, "refused": 0, "proposals": 0, "landed": 0}

    @settings(FUZZ)
    @given(articles(), st.one_of(st.sampled_from(PUBLISHED[:2]), st.sampled_from(PUBLISHED)),
           st.sampled_from(["--jsonl", "--jsonl", "--json", "table"]))
    def one(data: bytes, published: str, mode: str) -> None:
        seen["articles"] += 1
        story.write_bytes(data)
        args = ["extract", str(story)] + (["--published", published] if published else [])
        result = run(*args, *([mode] if mode != "table" else []))
        result.check_contract()
        assert result.code in (0, 2), (result.code, result.err)
        if result.code == 2:
            seen["refused"] += 1
            return
        if mode == "--json":
            doc = json.loads(result.out)
            assert isinstance(doc["claims"], list)
            return
        if mode == "table":
            return
        lines = result.lines
        assert all(line["action"] == "add" and line["text"] and line["speaker"] for line in lines), lines
        seen["proposals"] += len(lines)
        if not lines:
            return
        before = fingerprint(db)
        applied = run("apply", "-", stdin=result.out.encode())
        applied.check_contract()
        results = applied.lines
        assert len(results) == len(lines)
        for out in results:
            assert out["ok"] or out["code"] == 2, out  # an extracted line is refused only as bad input
            assert out["ok"] or not RAW.search(out["error"]), out
        landed = [out for out in results if out["ok"] and not out.get("unchanged")]  # new claims only
        seen["landed"] += len(landed)
        assert fingerprint(db).claims == before.claims + len(landed)
        for out in landed[:2]:
            shown = run("show", str(out["id"]))
            shown.check_contract()
            assert shown.code == 0

    try:
        one()
    finally:
        run.close()
    integrity(db)
    print(f"\narticle fuzz: {seen}")
    assert seen["articles"] >= FUZZ.max_examples
    assert seen["landed"] > 0 and seen["refused"] > 0  # both sides of the boundary were reached
