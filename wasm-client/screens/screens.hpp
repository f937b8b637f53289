// One function per screen. Each reads the model, may keep typing state in
// UiState, and emits intents; none does I/O or changes the model.
#pragma once
#include "app/intents.hpp"
#include "app/model.hpp"

namespace foxo::client::screens {

void loading(const Model&, UiState&, Dispatch&);
void guest_register(const Model&, UiState&, Dispatch&);
void code(const Model&, UiState&, Dispatch&);
void home(const Model&, UiState&, Dispatch&);
void new_chat(const Model&, UiState&, Dispatch&);
void identifiers(const Model&, UiState&, Dispatch&);
void chat(const Model&, UiState&, Dispatch&);
void staff_login(const Model&, UiState&, Dispatch&);
void staff_queue(const Model&, UiState&, Dispatch&);
void staff_case(const Model&, UiState&, Dispatch&);

// The organisation and team this guest page belongs to, on every guest screen.
void team_header(const Model&);
// "No connection" with a retry button, when the relay did not answer.
void connection_banner(const Model&, Dispatch&);

}  // namespace foxo::client::screens
