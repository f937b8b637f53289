// QR codes for the console to draw (the otpauth:// link of two-factor
// enrolment), made by libqrencode: the relay sends the module matrix and the
// client draws its squares, so no image format and no encoder goes to the
// browser. Error correction level M (15 %), byte mode (UTF-8 text as is).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace foxo::relay::qr {

struct Matrix {
  int size = 0;               // modules per side, without the quiet zone
  std::vector<bool> dark;     // size * size, row by row
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }
};

// nullopt when the text does not fit a QR code (over about 2,300 bytes at level M).
std::optional<Matrix> encode(std::string_view text);

}  // namespace foxo::relay::qr
