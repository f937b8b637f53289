// The client's shell: holds the state, hands every event to update()
// (app/update.hpp) and has app/effects.cpp perform what it returns. Called by
// the frame loop only (answers and events at the start of a frame, intents
// after drawing), never by screens.
#pragma once
#include <string>
#include <vector>

#include "app/inputs.hpp"
#include "app/intents.hpp"
#include "app/model.hpp"
#include "app/update.hpp"

namespace foxo::client {

class App {
 public:
  // The page was opened at `path`: route, then ask the relay who we are.
  void start(const std::string& path);
  void set_clock(double now_ms, double wall_ms, int today_key, int yesterday_key, bool page_visible);
  void apply(const Response& r) { dispatch(r); }
  void apply(const LiveEvent& e) { dispatch(e); }
  void apply(const FileEvent& e) { dispatch(e); }
  void apply(const Intent& i) { dispatch(i); }
  // What the page opened of the person's sealed records (WebCrypto answers later).
  void apply_unsealed();
  // The person's input (the staff idle limit) and notification permission changes.
  void apply_page_events();
  // After the frame's intents: what follows from the state by itself (mark
  // what is on screen as seen, send or retry queued messages).
  void after_frame() { dispatch(event::FrameDrawn{}); }

  const Model& model() const { return state_.model; }
  UiState& ui() { return state_.ui; }
  // When the screen needs redrawing with no input (a countdown, a retry), or 0.
  double next_wakeup_ms() const;
  // "(2) Foxo": the unread count in the page title.
  std::string title() const;
  // What the aria-live region says: the transcript, one line per message, or
  // the errors on screen.
  std::vector<std::string> live_lines() const;

 private:
  void dispatch(const Event& e);
  State state_;
  double last_input_ms_ = -1;  // the last input already reported
};

}  // namespace foxo::client
