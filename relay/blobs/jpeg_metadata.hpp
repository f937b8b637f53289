// Removes location from JPEG photos before they are stored: the GPS IFD of
// the Exif block is emptied (other Exif, such as orientation, is kept so the
// photo still displays upright), and XMP and Photoshop/IPTC segments, which
// can also carry places, are dropped. Pure: bytes in, bytes out.
#pragma once
#include <string>

namespace foxo::relay::blobs {

struct JpegStripResult {
  bool is_jpeg = false;
  bool gps_removed = false;
  int segments_dropped = 0;
};

// Rewrites `jpeg` in place. A structure it cannot follow is left untouched
// and reported as not JPEG (the caller decides; libmagic has already said it is one).
JpegStripResult strip_jpeg_location(std::string& jpeg);

}  // namespace foxo::relay::blobs
