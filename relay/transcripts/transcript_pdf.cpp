// The transcript PDF (transcript_pdf.hpp): blocks of text laid out by pango,
// cut into lines, the lines placed on A4 pages, then drawn on a cairo PDF
// surface that writes into a string.
//
// Thread-safety: the relay renders on its HTTP worker threads. Pango font
// maps are not thread-safe, but pango_cairo_font_map_get_default() returns
// one font map per thread (Pango >= 1.32.6; Debian 12 has 1.50), released
// when the thread ends, and fontconfig (>= 2.10.91) and cairo are
// thread-safe, so each render lays out with its own thread's font map and no
// lock is held: two exports never wait for each other. The cost is one font
// map (and its cache of opened faces) per thread that has rendered.
//
// Fonts: "Noto Sans" first, then the Noto faces for Arabic and Chinese
// (kFamily), then fontconfig's fallback for the rest (emoji included), all installed by
// scripts/setup.sh (fonts-noto-core, -cjk, -color-emoji). Pango
// shapes with HarfBuzz and orders each paragraph by the Unicode bidi
// algorithm (auto direction: an Arabic message is right-aligned). Cairo
// embeds subsets of the faces with ToUnicode maps, so pdftotext and a
// reader's copy and search see the text itself. Except emoji: cairo 1.16
// (Debian 12) draws colour glyphs as images, which show but have no text.
//
// Pages: lines are placed one by one (a long message continues on the next
// page), a message's header is kept with its first line, and the pages are
// counted before drawing so each footer says "Page N of M".
#include "transcripts/transcript_pdf.hpp"

#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

#include "foxo/filenames.hpp"
#include "transcripts/local_time.hpp"

namespace foxo::relay::transcripts {
namespace {

constexpr double kPageW = 595.276, kPageH = 841.890;  // A4 in points
constexpr double kMarginX = 56, kTop = 56, kBottom = 64;
constexpr double kContentW = kPageW - 2 * kMarginX;
// Tried in order for each character, before fontconfig's own fallback: the
// Noto faces for Arabic and Chinese (simplified forms; fontconfig's own pick
// for Han is the Japanese face), rather than whatever sans face the system
// lists first (DejaVu for Arabic). Not the emoji face: listed, it takes the
// digits and '#' (it has glyphs for them), which then come out as images;
// fontconfig's fallback finds it for emoji anyway.
constexpr const char* kFamily = "Noto Sans,Noto Sans Arabic,Noto Sans CJK SC";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.08, 0.08, 0.10}, kMuted{0.35, 0.37, 0.42}, kNote{0.62, 0.32, 0.0};

struct Unref {
  void operator()(gpointer p) const { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, Unref>;

// One paragraph (or a few, with "\n") laid out at a width.
struct Block {
  LayoutPtr layout;
  double indent = 0;        // from the left margin
  double space_before = 0;  // points above its first line
  Rgb color = kInk;
  bool note_bar = false;    // a bar in the margin beside each line (internal notes)
  bool keep_with_next = false;
};

// Where one line of a block goes.
struct Placed {
  const Block* block;
  PangoLayoutLine* line;
  double x, baseline, top, height;
  int page;
};

// Text pango accepts: valid UTF-8 (stored text is, but a bad byte must not
// lose a whole message) without NULs.
std::string valid_utf8(const std::string& s) {
  gchar* v = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  std::string out(v);
  g_free(v);
  return out;
}

class Builder {
 public:
  explicit Builder(cairo_t* cr) : cr_(cr) {}

  // `bold_prefix`: that many bytes at the start are bold (a label).
  Block& add(const std::string& text, double size, bool bold = false, std::size_t bold_prefix = 0,
             double indent = 0, double space_before = 0, bool italic = false) {
    Block b;
    b.layout.reset(pango_cairo_create_layout(cr_));
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, kFamily);
    pango_font_description_set_size(fd, static_cast<gint>(size * PANGO_SCALE));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    if (italic) pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(b.layout.get(), fd);
    pango_font_description_free(fd);
    pango_layout_set_width(b.layout.get(), static_cast<int>((kContentW - indent) * PANGO_SCALE));
    // Words first; a run longer than the line (a hash, a link) breaks anywhere.
    pango_layout_set_wrap(b.layout.get(), PANGO_WRAP_WORD_CHAR);
    const std::string clean = valid_utf8(text);
    pango_layout_set_text(b.layout.get(), clean.data(), static_cast<int>(clean.size()));
    if (bold_prefix > 0) {
      PangoAttrList* attrs = pango_attr_list_new();
      PangoAttribute* w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      w->start_index = 0;
      w->end_index = static_cast<guint>(std::min(bold_prefix, clean.size()));
      pango_attr_list_insert(attrs, w);
      pango_layout_set_attributes(b.layout.get(), attrs);
      pango_attr_list_unref(attrs);
    }
    b.indent = indent;
    b.space_before = space_before;
    blocks_.push_back(std::move(b));
    return blocks_.back();
  }

  // A "Label: value" line of the header.
  Block& field(const std::string& label, const std::string& value) {
    return add(label + ": " + value, 10, false, label.size() + 1, 0, 2);
  }

  std::vector<Block>& blocks() { return blocks_; }

 private:
  cairo_t* cr_;
  std::vector<Block> blocks_;
};

// Places every line of every block on pages; returns the page count.
int paginate(std::vector<Block>& blocks, std::vector<Placed>& out) {
  int page = 0;
  double y = kTop;
  const double bottom = kPageH - kBottom;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    Block& b = blocks[i];
    y += b.space_before;
    if (b.keep_with_next && i + 1 < blocks.size()) {
      // The header and the next block's first line (or its own) go together.
      PangoRectangle mine, next;
      pango_layout_line_get_pixel_extents(pango_layout_get_line_readonly(b.layout.get(), 0), nullptr, &mine);
      pango_layout_line_get_pixel_extents(pango_layout_get_line_readonly(blocks[i + 1].layout.get(), 0), nullptr,
                                          &next);
      if (y + mine.height + blocks[i + 1].space_before + next.height > bottom && y > kTop) {
        ++page;
        y = kTop;
      }
    }
    PangoLayoutIter* it = pango_layout_get_iter(b.layout.get());
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double h = static_cast<double>(logical.height) / PANGO_SCALE;
      const double top_in_layout = static_cast<double>(logical.y) / PANGO_SCALE;
      const double baseline_in_layout = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
      if (y + h > bottom && y > kTop) {
        ++page;
        y = kTop;
      }
      out.push_back(Placed{&b, pango_layout_iter_get_line_readonly(it),
                           kMarginX + b.indent + static_cast<double>(logical.x) / PANGO_SCALE,
                           y + (baseline_in_layout - top_in_layout), y, h, page});
      y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }
  return page + 1;
}

void footer(cairo_t* cr, const Transcript& t, int page, int pages) {
  LayoutPtr l(pango_cairo_create_layout(cr));
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, kFamily);
  pango_font_description_set_size(fd, 8 * PANGO_SCALE);
  pango_layout_set_font_description(l.get(), fd);
  pango_font_description_free(fd);
  pango_layout_set_width(l.get(), static_cast<int>(kContentW * PANGO_SCALE));
  pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
  pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_MIDDLE);
  const std::string text = valid_utf8(t.organisation + " · " + (t.copy == Copy::staff ? "Staff copy" : "Guest copy") +
                                      " · Case " + t.case_id + " · Page " + std::to_string(page) + " of " +
                                      std::to_string(pages));
  pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
  cairo_set_source_rgb(cr, kMuted.r, kMuted.g, kMuted.b);
  cairo_move_to(cr, kMarginX, kPageH - kBottom + 24);
  pango_cairo_show_layout(cr, l.get());
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string thousands(std::int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

const char* side_label(const std::string& kind) {
  if (kind == "guest") return "guest";
  if (kind == "staff") return "staff";
  return "system";
}

void build(Builder& b, const Transcript& t) {
  const std::string& tz = t.time_zone;
  b.add("Conversation transcript", 16, true);
  b.add(t.copy == Copy::staff ? "Staff copy: includes internal notes, which the guest's copy leaves out"
                              : "Guest copy",
        9, false, 0, 0, 2)
      .color = kMuted;
  b.field("Organisation", t.organisation).space_before = 10;
  b.field("Team", t.team);
  b.field("Subject", t.subject);
  b.field("Guest", t.guest_name + " · " + t.guest_phone);
  for (const auto& [label, value] : t.identifiers) b.field(label, value.empty() ? "—" : value);
  b.field("Case", t.case_id + " (" + t.status + ")");
  b.field("Opened", format_local(t.opened_at, tz));
  if (t.closed_at) b.field("Closed", format_local(*t.closed_at, tz));
  b.field("Time zone", tz);
  b.field("Exported", format_local(t.exported_at, tz) + (t.exported_by.empty() ? "" : " by " + t.exported_by));

  std::size_t shown = 0;
  for (const auto& m : t.messages) {
    if (m.internal && t.copy != Copy::staff) continue;  // never in a guest's copy
    ++shown;
    const std::string who = m.author_name + " (" + side_label(m.author_kind) + ")";
    const std::string when = format_local(m.created_at, tz);
    const std::string head = (m.internal ? "Internal note · " : "") + who + " · " + when + " · #" + std::to_string(m.seq);
    Block& h = b.add(head, 9, true, 0, 0, shown == 1 ? 18 : 10);
    h.color = m.internal ? kNote : kMuted;
    h.note_bar = m.internal;
    const bool has_more = !m.body.empty() || m.attachment;
    h.keep_with_next = has_more;
    if (!m.body.empty()) {
      Block& body = b.add(m.body, 10.5, false, 0, 8, 2, m.author_kind == "system");
      body.note_bar = m.internal;
    }
    if (m.attachment) {
      const auto& a = *m.attachment;
      const std::string label = "Attachment:";
      Block& at = b.add(label + " " + a.name + " · " + thousands(a.size) + " bytes · SHA-256 " +
                            (a.sha256.empty() ? "not available (the stored file could not be read)" : a.sha256),
                        9, false, label.size(), 8, 2);
      at.note_bar = m.internal;
    }
  }
  if (shown == 0) b.add("No messages.", 10, false, 0, 0, 18).color = kMuted;
}

}  // namespace

const char* to_string(Copy c) { return c == Copy::staff ? "staff" : "guest"; }

std::string render_transcript_pdf(const Transcript& t) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageW, kPageH);
  const std::string title = valid_utf8("Transcript: " + t.subject);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Foxo");
  // The export's own time (not the clock at rendering), as cairo wants it.
  const std::string created = format_rfc3339(t.exported_at).substr(0, 19) + "Z";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  cairo_t* cr = cairo_create(surface);
  {
    // pango_cairo_create_layout() uses this thread's default font map (see the top of the file).
    Builder b(cr);
    build(b, t);
    std::vector<Placed> lines;
    const int pages = paginate(b.blocks(), lines);
    std::size_t i = 0;
    for (int page = 0; page < pages; ++page) {
      for (; i < lines.size() && lines[i].page == page; ++i) {
        const Placed& p = lines[i];
        if (p.block->note_bar) {
          cairo_set_source_rgb(cr, kNote.r, kNote.g, kNote.b);
          cairo_rectangle(cr, kMarginX - 10, p.top, 3, p.height);
          cairo_fill(cr);
        }
        cairo_set_source_rgb(cr, p.block->color.r, p.block->color.g, p.block->color.b);
        cairo_move_to(cr, p.x, p.baseline);
        pango_cairo_show_layout_line(cr, p.line);
      }
      footer(cr, t, page + 1, pages);
      cairo_show_page(cr);
    }
  }
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("transcript PDF: ") +
                             cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
  return out;
}

std::string transcript_filename(const Transcript& t) {
  std::string subject = t.subject;
  for (char& c : subject)
    if (c == '/' || c == '\\') c = '_';  // not a path: sanitise_filename would keep only the last part
  return sanitise_filename("Transcript - " + subject + " - " + local_date(t.opened_at, t.time_zone) + ".pdf");
}

}  // namespace foxo::relay::transcripts
