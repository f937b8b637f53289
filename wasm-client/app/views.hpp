// What the client derives from its state for the page around the canvas and
// for the screens: pure functions of the Model, computed when asked.
#pragma once
#include <string>
#include <vector>

#include "app/model.hpp"

namespace foxo::client {

// "12 KB", "3.4 MB": a file's size for people.
std::string file_size_text(double bytes);
// Human words for a case status ("Waiting for the team", "Open", ...).
const char* status_words(CaseStatus s);

// Whether the screen is one only a signed-in user sees (the live stream is
// open on those).
bool signed_in(const NavState& nav);
// Whether the user may write in the case on screen (and so send files).
bool can_write(const Model& m);
// When the screen needs redrawing with no input (a countdown, a retry), or 0.
double next_wakeup_ms(const Model& m);
// "(2) Foxo": the unread count in the page title.
std::string title(const Model& m);
// What the aria-live region says: the transcript, one line per message, or
// the errors on screen.
std::vector<std::string> live_lines(const Model& m);

}  // namespace foxo::client
