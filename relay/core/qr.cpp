#include "core/qr.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace foxo::relay::qr {

std::optional<Matrix> encode(std::string_view text) {
  const std::string s(text);
  // Byte mode for the whole text: a NUL would end it early, so it is refused.
  if (s.empty() || s.find('\0') != std::string::npos) return std::nullopt;
  const std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M),
                                                        &QRcode_free);
  if (!code) return std::nullopt;
  Matrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark
  return m;
}

}  // namespace foxo::relay::qr
