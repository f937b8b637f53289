// The client's imperative shell: turns intents into requests and navigation
// events, and relay answers and live events into model changes. Called by the
// frame loop only (answers and events at the start of a frame, intents after
// drawing), never by screens.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "app/intents.hpp"
#include "app/model.hpp"
#include "net/events.hpp"
#include "net/files.hpp"
#include "net/http.hpp"

namespace foxo::client {

class App {
 public:
  // The page was opened at `path`: route, then ask the relay who we are.
  void start(const std::string& path);
  void set_clock(double now_ms, double wall_ms, int today_key, int yesterday_key, bool page_visible);
  void apply(const net::Response& r);
  void apply(const net::LiveEvent& e);
  void apply(const net::files::FileEvent& e);
  void apply(const Intent& i);
  // After the frame's intents: what follows from the state by itself (mark
  // what is on screen as seen, send or retry queued messages).
  void after_frame();

  const Model& model() const { return model_; }
  UiState& ui() { return ui_; }
  // When the screen needs redrawing with no input (a countdown, a retry), or 0.
  double next_wakeup_ms() const;
  // "(2) Foxo": the unread count in the page title.
  std::string title() const;
  // What the aria-live region says: the transcript, one line per message, or
  // the errors on screen.
  std::vector<std::string> live_lines() const;

 private:
  void navigate(const NavEvent& e);
  void on_enter(Screen s);
  void open_case(const std::string& id);
  void start_requests();
  void send_code(bool resend);
  void update_stream();
  void refresh_lists();
  void load_case(bool only_new);
  void merge_case(const std::string& body);
  void add_message(const std::string& case_id, const Message& m);
  void apply_summary(const CaseSummary& s);
  CaseSummary* find_summary(const std::string& id);
  void load_outbox();
  void save_outbox();
  void send_outgoing(Outgoing& o);
  void start_upload(Upload& u);
  void request_thumbnails();
  // Whether the user may write in the case on screen (and so send files).
  bool can_write() const;
  bool signed_in() const;
  bool is_staff() const { return model_.nav.side == Side::staff; }

  Model model_;
  UiState ui_;
  bool page_visible_ = true;
  std::string seen_case_;
  std::int64_t seen_sent_ = 0;
  bool seen_in_flight_ = false;
  bool accepting_files_ = false;
  int next_thumb_handle_ = 1;
  std::map<int, std::string> thumb_handles_;  // handle -> attachment id, while decoding
};

}  // namespace foxo::client
