#!/usr/bin/python3
"""Makes the fonts the web client draws text with (issue 16).

    /usr/bin/python3 scripts/fonts/make_fonts.py --out DIR [--hb-subset hb-subset]

The client draws with the browser's own text engine in a CSS font family
"Foxo"; the browser fetches a face only when text on screen needs it. DIR gets:

  font-NAME.HASH.otf|ttf  static faces (Latin, Latin extended, Greek, Cyrillic
                          from Inter; Hebrew, Arabic, Devanagari, Thai from
                          Noto), subset here with hb-subset: layout tables kept
                          (shaping, mark attachment), hinting dropped
  fonts.css               an @font-face rule per static face, its
                          unicode-range only what the face really draws
  fonts.json              the manifest the page loads when it first meets a
                          character beyond U+00FF: every face with its
                          coverage, the two faces the relay subsets per request
                          (CJK, emoji) and the code points that need no glyph
  fonts/cjk-HASH.otf      the Simplified Chinese face of Noto Sans CJK
                          (with Japanese kana and Korean hangul), extracted
                          from the collection: the relay subsets it per request
  fonts/emoji-HASH.ttf    Noto Color Emoji as Debian ships it (CBDT bitmaps)

HASH is the first 12 hex digits of the file's SHA-256, so every name changes
with its content and may be cached for good (cmake/AssembleWebRoot.cmake
leaves such names alone; the relay's font route takes NAME-HASH.ext). Anything else in DIR (earlier hashes) is removed.
Needs Debian's python3-fonttools (hence /usr/bin/python3) and hb-subset.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from fontTools.ttLib import TTFont

INTER = "/usr/share/fonts/opentype/inter/Inter-Regular.otf"
NOTO = "/usr/share/fonts/truetype/noto/NotoSans%s-Regular.ttf"
CJK_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FACE_NAME = "Noto Sans CJK SC"
EMOJI = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"

# Static faces: name, source, code point ranges (inclusive), layout features.
# The Latin face is the one a first visit fetches: Latin-1 and punctuation
# with kerning only (15.9 KiB on the wire; with every default feature and the
# combining marks it was 32.3 KB in brotli). Vietnamese (12 KB) and the rest
# of Latin (34 KB) are faces of their own that also hold the basic letters:
# a combining mark attaches only to a base of the same face, and the browser
# draws a cluster the first face cannot (e + U+0302 U+0303) with the next
# face that has all of it. fonts.css lists them before latin, so plain Latin
# text still comes from latin (the last rule defined is checked first, CSS
# Fonts 4, 4.5). Beyond the basic letters no code point is in two of them:
# FontFaceSet.load() fetches every face whose range meets its text.
MARK_FEATURES = "kern,mark,mkmk,ccmp,locl"
DEFAULT_FEATURES = None  # hb-subset's defaults (ccmp, locl, mark, mkmk, kern, liga, calt, Arabic and Indic forms...)
LETTERS = [(0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x00FF)]
STATIC_FACES = [
    ("latin-ext", INTER, LETTERS + [
        (0x0100, 0x0101), (0x0104, 0x010F), (0x0112, 0x0127), (0x012A, 0x0167), (0x016A, 0x019F),
        (0x01A2, 0x01AE), (0x01B1, 0x024F), (0x0259, 0x0259), (0x02BB, 0x02BC), (0x02C6, 0x02C6),
        (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x0304, 0x0305), (0x0307, 0x0308), (0x030A, 0x031A),
        (0x031C, 0x0322), (0x0324, 0x036F), (0x1E00, 0x1E9F), (0x1EFA, 0x1EFF), (0x2074, 0x2074),
        (0x20A0, 0x20AA), (0x20AD, 0x20CF), (0x2113, 0x2113), (0x2191, 0x2191), (0x2193, 0x2193),
        (0x2212, 0x2212), (0x2215, 0x2215), (0x2C60, 0x2C7F), (0xA720, 0xA7FF)], MARK_FEATURES),
    ("vietnamese", INTER, LETTERS + [
        (0x0102, 0x0103), (0x0110, 0x0111), (0x0128, 0x0129), (0x0168, 0x0169), (0x01A0, 0x01A1),
        (0x01AF, 0x01B0), (0x0300, 0x0303), (0x0306, 0x0306), (0x0309, 0x0309), (0x031B, 0x031B),
        (0x0323, 0x0323), (0x1EA0, 0x1EF9), (0x20AB, 0x20AB)], MARK_FEATURES),
    ("latin", INTER, [(0x0000, 0x00FF), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2122, 0x2122),
                      (0xFEFF, 0xFEFF), (0xFFFD, 0xFFFD)], "kern"),
    ("greek", INTER, [(0x0370, 0x03FF), (0x1F00, 0x1FFF)], DEFAULT_FEATURES),
    ("cyrillic", INTER, [(0x0400, 0x052F), (0x1C80, 0x1C88), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)], DEFAULT_FEATURES),
    ("hebrew", NOTO % "Hebrew", [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)], DEFAULT_FEATURES),
    ("arabic", NOTO % "Arabic", [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                                 (0xFE70, 0xFEFF)], DEFAULT_FEATURES),
    ("devanagari", NOTO % "Devanagari", [(0x0900, 0x097F), (0x1CD0, 0x1CFF), (0xA8E0, 0xA8FF)], DEFAULT_FEATURES),
    ("thai", NOTO % "Thai", [(0x0E00, 0x0E7F)], DEFAULT_FEATURES),
]

CJK_RANGES = [(0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
              (0x3130, 0x318F), (0x3190, 0x31FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
              (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
              (0x20000, 0x2FFFF)]

# Emoji: what the Latin face draws (digits, #, *, (c), (R), punctuation) is
# left to it; the zero width joiner, variation selector 16, skin tone
# modifiers, tag characters and the keycap mark are parts of sequences and
# must be requested with them.
EMOJI_LEFT_OUT = [(0x0000, 0x00FF), (0x2000, 0x200C), (0x200E, 0x206F)]
EMOJI_COMPONENTS = [(0xFE0F, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0x20E3, 0x20E3)]

# Unicode's Default_Ignorable_Code_Point: never needs a glyph.
DEFAULT_IGNORABLE = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def merge(codepoints):
    """Sorted code points as [[lo, hi], ...], consecutive ones merged."""
    out = []
    for cp in sorted(set(codepoints)):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def unicodes_arg(ranges):
    return ",".join("%x-%x" % (lo, hi) for lo, hi in ranges)


def cmap_of(path, font_number=-1):
    f = TTFont(path, lazy=True, fontNumber=font_number)
    try:
        return set(f.getBestCmap() or {})
    finally:
        f.close()


def face_index(ttc, wanted):
    """The index of the face named `wanted` (full name) in a collection."""
    from fontTools.ttLib import TTCollection
    c = TTCollection(ttc, lazy=True)
    try:
        for i, f in enumerate(c.fonts):
            if f["name"].getDebugName(4) == wanted:
                return i
    finally:
        c.close()
    sys.exit("make_fonts: no face %r in %s" % (wanted, ttc))


def sha12(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def hashed_name(path, stem, ext, sep="."):
    return "%s%s%s.%s" % (stem, sep, sha12(path), ext)


def css_range(coverage):
    return ", ".join("U+%X" % lo if lo == hi else "U+%X-%X" % (lo, hi) for lo, hi in coverage)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--hb-subset", default="hb-subset")
    args = ap.parse_args()

    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "fonts"), exist_ok=True)
    work = tempfile.mkdtemp(prefix=".make-fonts-", dir=out)
    try:
        # Every hb-subset at once: the CJK extraction takes most of the time
        # and the small ones finish beside it.
        jobs = []
        for name, src, ranges, features in STATIC_FACES:
            ext = "otf" if src.endswith(".otf") else "ttf"
            tmp = os.path.join(work, "%s.%s" % (name, ext))
            # Default layout features (the shaping ones: ccmp, locl, mark,
            # mkmk, kern, liga, calt, Arabic and Indic forms...), not Inter's
            # stylistic sets (a third smaller); nor fractions and numerators,
            # which browsers do not apply unless asked (Latin face: 34.3 to
            # 32.3 KB in brotli).
            layout = "--layout-features=" + features if features else "--layout-features-=frac,numr,dnom"
            cmd = [args.hb_subset, src, "--unicodes=" + unicodes_arg(ranges), "--no-hinting", layout, "-o", tmp]
            jobs.append((name, ext, tmp, ranges, subprocess.Popen(cmd)))
        cjk_tmp = os.path.join(work, "cjk.otf")
        # The per-request source keeps every layout feature (vertical forms,
        # locl for the other CJK languages); the relay's subsets keep the defaults.
        cjk_cmd = [args.hb_subset, CJK_TTC, "--face-index=%d" % face_index(CJK_TTC, CJK_FACE_NAME),
                   "--unicodes=" + unicodes_arg(CJK_RANGES), "--no-hinting", "--layout-features=*",
                   "-o", cjk_tmp]
        cjk_job = subprocess.Popen(cjk_cmd)

        faces, css, keep = [], [], set()
        for name, ext, tmp, ranges, job in jobs:
            if job.wait() != 0:
                sys.exit("make_fonts: hb-subset failed for %s" % name)
            coverage = merge(cp for cp in cmap_of(tmp) if in_ranges(cp, ranges))
            final = hashed_name(tmp, "font-" + name, ext)
            os.replace(tmp, os.path.join(out, final))
            keep.add(final)
            fmt = "opentype" if ext == "otf" else "truetype"
            faces.append({"name": name, "kind": "static", "url": "/" + final, "format": fmt, "coverage": coverage})
            css.append('@font-face {\n  font-family: "Foxo";\n  font-style: normal;\n  font-weight: 400;\n'
                       '  font-display: swap;\n  src: url("/%s") format("%s");\n  unicode-range: %s;\n}\n'
                       % (final, fmt, css_range(coverage)))

        if cjk_job.wait() != 0:
            sys.exit("make_fonts: hb-subset failed for the CJK face")
        cjk_coverage = merge(cp for cp in cmap_of(cjk_tmp) if in_ranges(cp, CJK_RANGES))
        cjk_final = hashed_name(cjk_tmp, "cjk", "otf", "-")
        os.replace(cjk_tmp, os.path.join(out, "fonts", cjk_final))
        faces.append({"name": "cjk", "kind": "subset", "url": "/fonts/" + cjk_final, "format": "opentype",
                      "coverage": cjk_coverage})

        emoji_cmap = cmap_of(EMOJI)
        emoji_cps = {cp for cp in emoji_cmap if not in_ranges(cp, EMOJI_LEFT_OUT)}
        for lo, hi in EMOJI_COMPONENTS:
            emoji_cps.update(range(lo, hi + 1))
        emoji_final = hashed_name(EMOJI, "emoji", "ttf", "-")
        emoji_out = os.path.join(out, "fonts", emoji_final)
        if not os.path.exists(emoji_out) or os.path.getsize(emoji_out) != os.path.getsize(EMOJI):
            shutil.copyfile(EMOJI, emoji_out + ".tmp")
            os.replace(emoji_out + ".tmp", emoji_out)
        faces.append({"name": "emoji", "kind": "subset", "url": "/fonts/" + emoji_final, "format": "truetype",
                      "coverage": merge(emoji_cps)})

        with open(os.path.join(out, "fonts.css"), "w", encoding="utf-8") as f:
            f.write("/* Generated by scripts/fonts/make_fonts.py: the static faces of the family\n"
                    "   the client draws with; CJK and emoji come from the relay per request. */\n")
            f.write("".join(css))
        keep.add("fonts.css")

        # Stale outputs of earlier runs go before the manifest is written
        # (the build's stamp: written last, so a failed run is run again).
        for d, names in ((out, keep | {"fonts.json"}), (os.path.join(out, "fonts"), {cjk_final, emoji_final})):
            for entry in os.listdir(d):
                p = os.path.join(d, entry)
                if entry not in names and os.path.isfile(p):
                    os.remove(p)
        manifest = {"version": 1, "faces": faces, "default_ignorable": [list(r) for r in DEFAULT_IGNORABLE]}
        with open(os.path.join(out, "fonts.json.tmp"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, separators=(",", ":"))
        os.replace(os.path.join(out, "fonts.json.tmp"), os.path.join(out, "fonts.json"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
