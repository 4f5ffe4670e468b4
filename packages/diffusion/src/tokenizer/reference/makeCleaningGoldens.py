"""Writes cleaningGoldens.json: CLIP's reference text cleaning and token ids for everyday pasted text.

The reference is open_clip's copy of openai/CLIP's `SimpleTokenizer` (clean='lower'):
    basic_clean:      ftfy.fix_text(text), then html.unescape twice, then strip
    whitespace_clean: collapse whitespace runs to one space, strip
    then lower-case, CLIP's pre-token regex and BPE.
Every intermediate string is recorded so each cleaning step can be tested on its own.

Run once at test-writing time (no torch needed; it is stubbed):
    python3 -m venv /tmp/clipref
    /tmp/clipref/bin/pip install ftfy==6.3.1 regex numpy
    pip download --no-deps open_clip_torch==3.3.0 && unzip open_clip_torch-3.3.0-py3-none-any.whl 'open_clip/*'
    /tmp/clipref/bin/python makeCleaningGoldens.py <dir holding open_clip/> > cleaningGoldens.json
"""
import html
import importlib.util
import json
import sys
import types

import ftfy

sys.modules.setdefault("torch", types.ModuleType("torch"))
sys.modules["torch"].LongTensor = sys.modules["torch"].Tensor = object  # only used in type hints
spec = importlib.util.spec_from_file_location("oc_tokenizer", f"{sys.argv[1]}/open_clip/tokenizer.py")
oc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oc)
tokenizer = oc.SimpleTokenizer()

CASES = [
    # HTML entities, as copied from page sources, feeds and CMS fields
    "salt &amp; pepper",
    "&quot;neon&quot; city at night",
    "it&#39;s raining, isn&#x27;t it",
    "a&nbsp;cat&nbsp;&nbsp;on a mat",
    "fish &amp;amp; chips",
    "&lt;b&gt;bold&lt;/b&gt; text",
    "<b>bold</b> &amp; brave",
    "&copy 2024 &amp no semicolons",
    "caf&eacute; &mdash; &hellip; &euro;5",
    "&#128; and &#0; and &#x110000;",
    # mojibake: UTF-8 read as Windows-1252
    "cafÃ© au lait",
    "donâ€™t stop",
    "â€œquotedâ€\x9d words",
    "Ã¼ber cool straÃŸe",
    # typography
    "“smart quotes” and ‘single’ don’t",
    "ﬁne ligature ﬂower",
    "ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ",
    # whitespace, line breaks, controls
    "tabs\tand\nnewlines\r\nand  spaces\u2028here",
    "\ufeffbom at start",
    "zero\u200bwidth space",
    "ANSI \x1b[31mred\x1b[0m text",
    "bell\x07 and delete\x7f chars",
    "C1 \x85 \x93quoted\x94",
    "e\u0301 combining acute",
    "soft\u00adhyphen",
    "ellipsis… and em—dash",
]


def record(text):
    fixed = ftfy.fix_text(text)
    unescaped = html.unescape(html.unescape(fixed))
    basic = unescaped.strip()
    spaced = oc.whitespace_clean(basic)
    lowered = spaced.lower()
    assert lowered == oc._clean_lower(text)
    return {
        "text": text,
        "fixText": fixed,
        "htmlUnescape": unescaped,
        "basicClean": basic,
        "whitespaceClean": spaced,
        "clean": lowered,
        "tokens": tokenizer.encode(text),
    }


json.dump(
    {
        "reference": "open_clip 3.3.0 SimpleTokenizer (copy of openai/CLIP), ftfy 6.3.1, clean='lower'",
        "cases": [record(text) for text in CASES],
    },
    sys.stdout,
    ensure_ascii=True,
    indent=1,
)
print()
