// The edge: the effects of app/effect.hpp performed with the browser's APIs
// (net/, platform/, the textures of ui/). Nothing else in app/ calls them.
#include "app/effects.hpp"

#include <type_traits>

#include "app/outbox.hpp"
#include "app/storage.hpp"
#include "net/events.hpp"
#include "net/files.hpp"
#include "net/http.hpp"
#include "platform/alerts.hpp"
#include "platform/platform.hpp"
#include "platform/render.hpp"
#include "platform/sealed_store.hpp"
#include "ui/widgets.hpp"

namespace foxo::client::effects {

namespace {

class BrowserLocale final : public Locale {
 public:
  double parse_time_ms(const std::string& s) const override { return platform::parse_time_ms(s); }
  std::string format_clock(double ms) const override { return platform::format_clock(ms); }
  std::string format_day(double ms) const override { return platform::format_day(ms); }
  int day_key(double ms) const override { return platform::day_key(ms); }
};

}  // namespace

std::optional<Event> perform(const Effect& effect) {
  std::optional<Event> result;
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, effect::Request>) {
          net::send(e.call, e.method.c_str(), e.path, e.body, e.tag);
        } else if constexpr (std::is_same_v<E, effect::OpenStream>) {
          net::events_open(e.url);
        } else if constexpr (std::is_same_v<E, effect::CloseStream>) {
          net::events_close();
        } else if constexpr (std::is_same_v<E, effect::SaveSealed>) {
          const char* prefix = e.record == effect::Record::outbox ? kOutboxRecordPrefix : kDraftsRecordPrefix;
          platform::sealed::save(prefix + e.storage_id, e.key, e.text);
        } else if constexpr (std::is_same_v<E, effect::LoadSealed>) {
          platform::sealed::load(e.storage_id, e.key, kOutboxRecordPrefix + e.storage_id,
                                 kDraftsRecordPrefix + e.storage_id);
        } else if constexpr (std::is_same_v<E, effect::ForgetStored>) {
          platform::sealed::forget(kOutboxRecordPrefix, kDraftsRecordPrefix, e.keep, e.legacy ? kOutboxKey : "");
        } else if constexpr (std::is_same_v<E, effect::AcceptFiles>) {
          net::files::set_accepting(e.on);
        } else if constexpr (std::is_same_v<E, effect::PickFiles>) {
          net::files::pick(e.camera);
        } else if constexpr (std::is_same_v<E, effect::Upload>) {
          net::files::upload(e.number, e.url, e.client_id);
        } else if constexpr (std::is_same_v<E, effect::CancelUpload>) {
          net::files::cancel(e.number);
        } else if constexpr (std::is_same_v<E, effect::ForgetFile>) {
          net::files::forget(e.number);
        } else if constexpr (std::is_same_v<E, effect::LoadThumbnail>) {
          // At most 14 x 10 font sizes, in canvas (device) pixels: crisp at any ratio.
          const float em = ui::em();
          net::files::thumbnail(e.handle, e.url, static_cast<int>(14 * em), static_cast<int>(10 * em));
        } else if constexpr (std::is_same_v<E, effect::MakeTexture>) {
          const auto px = net::files::take_pixels(e.handle, e.w, e.h);
          result = event::TextureMade{e.attachment_id, platform::render::make_texture(e.w, e.h, px), e.w, e.h};
        } else if constexpr (std::is_same_v<E, effect::Download>) {
          net::files::download(e.url, e.name);
        } else if constexpr (std::is_same_v<E, effect::PlaySound>) {
          platform::alerts::play_sound();
        } else if constexpr (std::is_same_v<E, effect::Notify>) {
          platform::alerts::notify(e.title, e.tag);
        } else if constexpr (std::is_same_v<E, effect::AskNotifyPermission>) {
          platform::alerts::ask_permission();
        } else if constexpr (std::is_same_v<E, effect::SaveAlertSettings>) {
          platform::alerts::save_settings(json{{"sound", e.sound}, {"desktop", e.desktop}}.dump());
        } else {
          static_assert(sizeof(E) == 0, "every effect is performed here");
        }
      },
      effect);
  return result;
}

const Locale& browser_locale() {
  static const BrowserLocale locale;
  return locale;
}

std::string fresh_id() { return platform::random_id(); }
bool coarse_pointer() { return net::files::coarse_pointer(); }
std::string stored_outbox() { return platform::store_get(kOutboxKey); }

std::string stored_alert_settings() { return platform::alerts::load_settings(); }
std::string notify_permission() { return platform::alerts::permission(); }

std::vector<Event> take_page_events(double& last_input_ms) {
  std::vector<Event> out;
  if (std::string p = platform::alerts::take_permission_change(); !p.empty()) out.push_back(event::AlertPermission{p});
  if (const double at = platform::alerts::last_input_ms(); at > last_input_ms) {
    last_input_ms = at;
    out.push_back(event::UserActive{at});
  }
  return out;
}

std::vector<event::Unsealed> take_unsealed() {
  std::vector<event::Unsealed> out;
  for (auto& o : platform::sealed::take_opened())
    out.push_back(event::Unsealed{std::move(o.storage_id), o.ok, std::move(o.outbox), std::move(o.drafts)});
  return out;
}

}  // namespace foxo::client::effects
