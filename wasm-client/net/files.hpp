// Files through the page (www/foxo-files.js): the picker and the camera,
// drag and drop, multipart uploads with progress (XMLHttpRequest), thumbnails
// decoded by the browser, and downloads. Like HTTP answers, what the page
// reports is queued there and taken at the start of the next frame, so the
// model only changes between frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/inputs.hpp"

namespace foxo::net::files {

using client::FileEvent;  // app/inputs.hpp

std::vector<FileEvent> take_events();

// Opens the file picker (several files) or, with `camera`, the camera.
void pick(bool camera);
// Whether the main pointer is coarse (a touch screen): offer Take photo.
bool coarse_pointer();
// Whether dropping files on the page is accepted now (an open chat that takes messages).
void set_accepting(bool on);

void upload(int number, const std::string& url, const std::string& client_id);
void cancel(int number);  // aborts the request; a `done` with aborted follows
void forget(int number);  // the page may let go of the file

void thumbnail(int handle, const std::string& url, int max_w, int max_h);
// The RGBA bytes of a decoded thumbnail (w * h * 4), once; empty if gone.
std::vector<std::uint8_t> take_pixels(int handle, int w, int h);

void download(const std::string& url, const std::string& name);

}  // namespace foxo::net::files
