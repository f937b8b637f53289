// The shell around the client core: every event goes through update() and
// every effect it returns through app/effects.cpp, in order.
#include "app/app.hpp"

#include <utility>

#include "app/effects.hpp"
#include "app/views.hpp"

namespace foxo::client {

void App::start(const std::string& path) {
  dispatch(event::Started{path, effects::coarse_pointer(), effects::stored_outbox(), effects::stored_alert_settings(),
                          effects::notify_permission()});
}

void App::set_clock(double now_ms, double wall_ms, int today_key, int yesterday_key, bool page_visible) {
  dispatch(event::Tick{now_ms, wall_ms, today_key, yesterday_key, page_visible});
}

void App::dispatch(const Event& e) {
  const Env env{effects::browser_locale(), needs_fresh_id(e) ? effects::fresh_id() : std::string()};
  Step step = update(std::move(state_), e, env);
  state_ = std::move(step.state);
  // What an effect yields at once (a texture) is applied before the next
  // event, as if it had been part of this one.
  for (const Effect& fx : step.effects)
    if (std::optional<Event> result = effects::perform(fx)) dispatch(*result);
}

void App::apply_page_events() {
  for (const auto& e : effects::take_page_events(last_input_ms_)) dispatch(e);
}

void App::apply_unsealed() {
  for (const auto& u : effects::take_unsealed()) dispatch(u);
}

double App::next_wakeup_ms() const { return client::next_wakeup_ms(state_.model); }
std::string App::title() const { return client::title(state_.model); }
std::vector<std::string> App::live_lines() const { return client::live_lines(state_.model); }

}  // namespace foxo::client
