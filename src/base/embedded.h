// A file compiled into the binary by cmake/embed.cc. Data lives in static
// storage for the life of the process.
#pragma once

#include <string_view>

namespace shuzhi::base {

struct EmbeddedFile {
  std::string_view path;  // relative, '/'-separated, e.g. "assets/index-abc.js"
  std::string_view data;
  std::string_view gzip;  // empty when not compressible or not smaller
  std::string_view etag;  // quoted strong ETag
};

}  // namespace shuzhi::base
