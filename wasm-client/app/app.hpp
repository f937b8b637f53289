// The client's imperative shell: turns intents into requests and navigation
// events, and relay answers into model changes. Called by the frame loop only
// (answers at the start of a frame, intents after drawing), never by screens.
#pragma once
#include <string>
#include <vector>

#include "app/intents.hpp"
#include "app/model.hpp"
#include "net/http.hpp"

namespace foxo::client {

class App {
 public:
  // The page was opened at `path`: route, then ask the relay who we are.
  void start(const std::string& path);
  void set_now(double now_ms) { model_.now_ms = now_ms; }
  void apply(const net::Response& r);
  void apply(const Intent& i);

  const Model& model() const { return model_; }
  UiState& ui() { return ui_; }
  // When the screen needs redrawing with no input (a countdown), or 0.
  double next_wakeup_ms() const;

 private:
  void navigate(const NavEvent& e);
  void on_enter(Screen s);
  void start_requests();
  void send_code();

  Model model_;
  UiState ui_;
};

}  // namespace foxo::client
