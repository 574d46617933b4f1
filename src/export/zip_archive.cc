#include "export/zip_archive.h"

#include <zip.h>

#include <memory>

namespace shuzhi::exports {
namespace {

base::Status ZipFailed(const std::string& what) { return base::Internal("export.zip_failed", "zip: " + what); }

bool Compressed(std::string_view name) {
  for (const char* ext : {".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".zip"}) {
    const std::string_view e(ext);
    if (name.size() >= e.size() && name.substr(name.size() - e.size()) == e) return true;
  }
  return false;
}

// Reads the whole of an opened source into a string.
base::Result<std::string> Drain(zip_source_t* source) {
  if (zip_source_open(source) != 0) return ZipFailed("cannot reopen the written archive");
  std::string out;
  // Its size known, the string is made once: an archive of evidence photos
  // runs to hundreds of MB, and growing by doubling would hold up to three
  // times that while copying.
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(source, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0) out.reserve(st.size);
  char buf[1 << 16];
  for (;;) {
    const zip_int64_t n = zip_source_read(source, buf, sizeof buf);
    if (n < 0) {
      zip_source_close(source);
      return ZipFailed("cannot read the written archive");
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  zip_source_close(source);
  return out;
}

struct SourceDeleter {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

}  // namespace

base::Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, std::time_t mtime) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceDeleter> out(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_error_fini(&error);
  if (!out) return ZipFailed("no memory for the archive");
  zip_source_keep(out.get());  // stays ours after zip_close
  zip_error_init(&error);
  zip_t* za = zip_open_from_source(out.get(), ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (za == nullptr) return ZipFailed("cannot start the archive");
  for (const auto& e : entries) {
    // The entries' bytes outlive zip_close (they are the caller's).
    zip_source_t* s = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    const zip_int64_t idx = s ? zip_file_add(za, e.name.c_str(), s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      zip_discard(za);
      return ZipFailed("cannot add " + e.name);
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, i, Compressed(e.name) ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(za, i, mtime, 0) != 0) {
      zip_discard(za);
      return ZipFailed("cannot set up " + e.name);
    }
  }
  if (zip_close(za) != 0) {
    const std::string why = zip_strerror(za);
    zip_discard(za);
    return ZipFailed("cannot write the archive: " + why);
  }
  return Drain(out.get());
}

base::Result<std::map<std::string, std::string>> ReadZipEntries(std::string_view bytes, const ZipLimits& limits) {
  SHUZHI_ASSIGN_OR_RETURN(auto zip, OfficeZip::Open(bytes, limits));
  std::map<std::string, std::string> out;
  for (const auto& name : zip->names()) {
    if (out.count(name)) {
      return base::InvalidArgument("archive.duplicate_entry", "the archive holds " + name + " twice");
    }
    SHUZHI_ASSIGN_OR_RETURN(auto content, zip->Read(name));
    out[name] = content.value_or("");
  }
  return out;
}

}  // namespace shuzhi::exports
