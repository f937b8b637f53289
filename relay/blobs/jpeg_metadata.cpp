#include "blobs/jpeg_metadata.hpp"

#include <cstdint>
#include <cstring>

namespace foxo::relay::blobs {
namespace {

struct Tiff {
  std::string& buf;
  std::size_t base;  // offset of the TIFF header in buf
  std::size_t end;   // end of the Exif segment
  bool little;
  bool in(std::size_t off, std::size_t n) const { return base + off + n <= end && base + off + n >= base + off; }
  std::uint16_t u16(std::size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data() + base + off);
    return little ? static_cast<std::uint16_t>(p[0] | p[1] << 8) : static_cast<std::uint16_t>(p[0] << 8 | p[1]);
  }
  std::uint32_t u32(std::size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data() + base + off);
    return little ? (p[0] | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24)
                  : (static_cast<std::uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]);
  }
  void zero(std::size_t off, std::size_t n) { std::memset(buf.data() + base + off, 0, n); }
};

std::size_t type_size(std::uint16_t type) {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1;
    case 3: case 8: return 2;
    case 4: case 9: case 11: return 4;
    case 5: case 10: case 12: return 8;
    default: return 0;
  }
}

// Empties the GPS IFD that IFD0 points to. Returns true when one was found.
bool clear_gps(std::string& buf, std::size_t seg_data, std::size_t seg_end) {
  // seg_data points just past "Exif\0\0".
  if (seg_data + 8 > seg_end) return false;
  Tiff t{buf, seg_data, seg_end, buf[seg_data] == 'I'};
  if (!((buf[seg_data] == 'I' && buf[seg_data + 1] == 'I') || (buf[seg_data] == 'M' && buf[seg_data + 1] == 'M')))
    return false;
  const std::uint32_t ifd0 = t.u32(4);
  if (!t.in(ifd0, 2)) return false;
  const std::uint16_t n = t.u16(ifd0);
  for (std::uint16_t i = 0; i < n; ++i) {
    const std::size_t e = ifd0 + 2 + 12u * i;
    if (!t.in(e, 12)) return false;
    if (t.u16(e) != 0x8825) continue;  // GPSInfo
    const std::uint32_t gps = t.u32(e + 8);
    if (!t.in(gps, 2)) return false;
    const std::uint16_t gn = t.u16(gps);
    if (!t.in(gps + 2, 12u * gn)) return false;
    for (std::uint16_t k = 0; k < gn; ++k) {
      const std::size_t ge = gps + 2 + 12u * k;
      const std::size_t size = type_size(t.u16(ge + 2)) * t.u32(ge + 4);
      if (size > 4) {
        const std::uint32_t at = t.u32(ge + 8);
        if (t.in(at, size)) t.zero(at, size);
      }
    }
    t.zero(gps, 2 + 12u * gn);  // zero entries and count: an empty GPS IFD
    return true;
  }
  return false;
}

}  // namespace

JpegStripResult strip_jpeg_location(std::string& jpeg) {
  JpegStripResult r;
  if (jpeg.size() < 4 || static_cast<unsigned char>(jpeg[0]) != 0xFF || static_cast<unsigned char>(jpeg[1]) != 0xD8)
    return r;
  std::string out = jpeg.substr(0, 2);
  std::size_t pos = 2;
  bool gps = false;
  int dropped = 0;
  while (pos + 4 <= jpeg.size()) {
    if (static_cast<unsigned char>(jpeg[pos]) != 0xFF) return r;  // not following: leave untouched
    const auto marker = static_cast<unsigned char>(jpeg[pos + 1]);
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) {  // start of scan: the rest is image data
      out.append(jpeg, pos, std::string::npos);
      jpeg.swap(out);
      r.is_jpeg = true;
      r.gps_removed = gps;
      r.segments_dropped = dropped;
      return r;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
      out.append(jpeg, pos, 2);
      pos += 2;
      continue;
    }
    const std::size_t len = static_cast<unsigned char>(jpeg[pos + 2]) << 8 | static_cast<unsigned char>(jpeg[pos + 3]);
    if (len < 2 || pos + 2 + len > jpeg.size()) return r;
    const std::size_t data = pos + 4, end = pos + 2 + len;
    const std::string_view payload(jpeg.data() + data, end - data);
    if (marker == 0xE1 && payload.substr(0, 6) == std::string_view("Exif\0\0", 6)) {
      std::string seg = jpeg.substr(pos, end - pos);
      if (clear_gps(seg, 4 + 6, seg.size())) gps = true;
      out += seg;
    } else if ((marker == 0xE1 && payload.substr(0, 29) == std::string_view("http://ns.adobe.com/xap/1.0/\0", 29)) ||
               (marker == 0xE1 && payload.substr(0, 34) == "http://ns.adobe.com/xmp/extension/") ||
               marker == 0xED) {
      ++dropped;  // XMP or Photoshop/IPTC: may name places
    } else {
      out.append(jpeg, pos, end - pos);
    }
    pos = end;
  }
  return r;
}

}  // namespace foxo::relay::blobs
