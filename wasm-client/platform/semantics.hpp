// The semantics tree (issue 21): what a screen reader, a keyboard and touch
// exploration see of the canvas. Each frame the widgets (ui/widgets.cpp)
// record a node for what they drew; publish() sends www/foxo-a11y.js only
// the nodes that changed, in one call, and that page script keeps an
// invisible DOM of real buttons, inputs, headings, lists and landmarks over
// the canvas. Activating or focusing one of those elements comes back here
// as an action for the next frame. A thin EM_JS bridge, like the rest of
// platform/; docs/ARCHITECTURE.md "The semantics tree".
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace foxo::platform {

struct SemNode {
  unsigned id = 0;            // the widget's ImGui id; for text, a hash of its text where it is drawn
  const char* role = "text";  // heading button menu textbox listitem text status alert | list nav dialog log
  std::string name;
  float x = 0, y = 0, w = 0, h = 0;  // canvas pixels, clipped to what shows
  unsigned parent = 0;               // the list, nav, dialog or log holding it (0: the page)
  bool focused = false, disabled = false, required = false, invalid = false, selected = false;
  int level = 0;                // headings: 1 for the screen's first title, 2 after
  const char* keyboard = "";    // textbox: its keyboard (text, tel, email, password, ...)
  std::string value;            // textbox: what it holds (never for a password)
  unsigned described_by = 0;    // textbox: its error text's node
};

// Sends what changed since the last call (nothing at all when nothing did).
// Its own cost (diff, serialising, the page's DOM update) is measured and
// sent along with the next change, for foxoA11y.stats().
void publish_semantics(const std::string& screen, const std::vector<SemNode>& nodes);

// What the reader did to a node since the last frame: moved focus to it
// (Tab in the page, a screen reader's cursor) or activated it (click, Enter,
// Space, a double tap). One per frame.
struct SemAction {
  enum class Kind { focus, press } kind;
  unsigned id;
};
std::optional<SemAction> take_semantics_action();

}  // namespace foxo::platform
