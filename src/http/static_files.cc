// The embedded web UI (web/dist, compiled in by cmake/embed.cc).
#include <string>

#include "base/embedded.h"
#include "http/api.h"

const shuzhi::base::EmbeddedFile* FindWebAsset(std::string_view path);

namespace shuzhi::http {
namespace {

std::string_view ContentType(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".ttf")) return "font/ttf";
  if (ends(".wav")) return "audio/wav";
  return "application/octet-stream";
}

}  // namespace

Response ServeStatic(const Request& request) {
  std::string path = request.Path();
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  const base::EmbeddedFile* file = path.empty() ? nullptr : FindWebAsset(path);
  // Client-side routes (no file extension) get the app shell; a missing
  // asset is a real 404.
  const bool looks_like_file = path.rfind('.') != std::string::npos && path.rfind('.') > path.rfind('/') + 0;
  if (file == nullptr && (path.empty() || !looks_like_file)) {
    // /v and /v/… are the evaluator's phone page, its own small entry.
    path = path == "v" || path.rfind("v/", 0) == 0 ? "vote/index.html" : "index.html";
    file = FindWebAsset(path);
  }
  Response r;
  if (file == nullptr) {
    r.status = 404;
    r.SetHeader("Content-Type", "text/plain; charset=utf-8");
    r.body = path.empty() || path == "index.html" ? "web UI not built\n" : "not found\n";
    return r;
  }
  r.SetHeader("Content-Type", std::string(ContentType(path)));
  // Vite puts a content hash in every asset name, so assets never change;
  // index.html must be revalidated to pick up a new build.
  r.SetHeader("Cache-Control", path.rfind("assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  r.SetHeader("ETag", std::string(file->etag));
  r.SetHeader("Vary", "Accept-Encoding");
  if (request.Header("if-none-match") == file->etag) {
    r.status = 304;
    return r;
  }
  if (!file->gzip.empty() && request.Header("accept-encoding").find("gzip") != std::string_view::npos) {
    r.SetHeader("Content-Encoding", "gzip");
    r.body = std::string(file->gzip);
  } else {
    r.body = std::string(file->data);
  }
  return r;
}

}  // namespace shuzhi::http
