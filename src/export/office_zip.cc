#include "export/office_zip.h"

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <climits>
#include <memory>

namespace shuzhi::exports {
namespace {

base::Status TooLarge(std::string message) { return base::InvalidArgument("import.too_large", std::move(message)); }
base::Status Damaged(std::string message) { return base::InvalidArgument("import.damaged_zip", std::move(message)); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsXmlChar(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

struct OfficeZip::Handle {
  zip_t* archive = nullptr;
  ~Handle() {
    if (archive != nullptr) zip_discard(archive);
  }
};

OfficeZip::OfficeZip(std::unique_ptr<Handle> handle, std::vector<std::string> names, ZipLimits limits)
    : handle_(std::move(handle)), names_(std::move(names)), limits_(limits) {}
OfficeZip::~OfficeZip() = default;

base::Result<std::unique_ptr<OfficeZip>> OfficeZip::Open(std::string_view bytes, const ZipLimits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Damaged("cannot read the archive");
  }
  // ZIP_CHECKCONS: the local headers must agree with the central directory,
  // so that the sizes checked below are the sizes that will be read.
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Damaged("not a readable zip archive: " + why);
  }
  zip_error_fini(&error);
  auto handle = std::make_unique<Handle>();
  handle->archive = archive;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0) return Damaged("not a readable zip archive");
  if (static_cast<std::uint64_t>(count) > limits.max_entries) {
    return TooLarge("the archive has " + std::to_string(count) + " entries, more than " +
                    std::to_string(limits.max_entries));
  }
  std::vector<std::string> names;
  std::uint64_t declared = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE)) {
      return Damaged("damaged zip directory");
    }
    declared += st.size;
    if (st.size > limits.max_total_bytes || declared > limits.max_total_bytes) {
      return TooLarge("the archive inflates to more than " + std::to_string(limits.max_total_bytes >> 20) + " MiB");
    }
    names.emplace_back(st.name);
  }
  return std::unique_ptr<OfficeZip>(new OfficeZip(std::move(handle), std::move(names), limits));
}

base::Result<std::optional<std::string>> OfficeZip::Read(std::string_view name) {
  const std::string key(name);
  const zip_int64_t index = zip_name_locate(handle_->archive, key.c_str(), 0);
  if (index < 0) return std::optional<std::string>();
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(handle_->archive, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
    return Damaged("damaged zip entry " + key);
  }
  zip_file_t* file = zip_fopen_index(handle_->archive, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) return Damaged("cannot open zip entry " + key);
  std::string out;
  // Grows with what really arrives, never with what the header declares.
  char piece[64 * 1024];
  base::Status failed = base::Ok();
  for (;;) {
    const zip_int64_t n = zip_fread(file, piece, sizeof piece);
    if (n < 0) {
      failed = Damaged("zip entry " + key + " does not inflate");
      break;
    }
    if (n == 0) break;
    out.append(piece, static_cast<std::size_t>(n));
    read_so_far_ += static_cast<std::uint64_t>(n);
    if (out.size() > st.size) {
      failed = Damaged("zip entry " + key + " inflates past its declared size");
      break;
    }
    if (read_so_far_ > limits_.max_total_bytes) {
      failed = TooLarge("the archive inflates to more than " + std::to_string(limits_.max_total_bytes >> 20) + " MiB");
      break;
    }
  }
  zip_fclose(file);
  SHUZHI_TRY(failed);
  return std::optional<std::string>(std::move(out));
}

bool IsXmlPart(std::string_view name) {
  return EndsWith(name, ".xml") || EndsWith(name, ".rels") || EndsWith(name, ".vml");
}

base::Status CheckXmlCharRefs(std::string_view xml) {
  for (std::size_t at = xml.find("&#"); at != std::string_view::npos; at = xml.find("&#", at + 2)) {
    std::size_t p = at + 2;
    int base = 10;
    if (p < xml.size() && (xml[p] == 'x' || xml[p] == 'X')) {
      base = 16;
      ++p;
    }
    const std::size_t end = xml.find(';', p);
    // More than 8 digits cannot name a character (and would overflow).
    const bool shaped = end != std::string_view::npos && end > p && end - p <= 8;
    std::uint32_t cp = 0;
    bool ok = false;
    if (shaped) {
      auto [stop, ec] = std::from_chars(xml.data() + p, xml.data() + end, cp, base);
      ok = ec == std::errc() && stop == xml.data() + end && IsXmlChar(cp);
    }
    if (!ok) {
      const std::string shown(xml.substr(at, std::min<std::size_t>(16, xml.size() - at)));
      return base::InvalidArgument("import.bad_xml_char",
                                   "the file holds a character reference that names no character: " + shown,
                                   {{"reference", shown}});
    }
  }
  return base::Ok();
}

namespace {

struct ExpatFree {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

// Office parts never declare a document type; one could only bring entity
// expansion (expat bounds it, but orcus would not).
void XMLCALL RefuseDoctype(void* user, const XML_Char* /*name*/, const XML_Char* /*sysid*/, const XML_Char* /*pubid*/,
                           int /*has_internal_subset*/) {
  auto* parser = static_cast<XML_Parser>(user);
  XML_StopParser(parser, XML_FALSE);
}

// Nor any processing instruction (the XML declaration is not one, and
// expat checks it): orcus parses `<?name …?>` as a list of attributes and
// read past the end of one that was not.
void XMLCALL RefuseProcessingInstruction(void* user, const XML_Char* /*target*/, const XML_Char* /*data*/) {
  auto* parser = static_cast<XML_Parser>(user);
  XML_StopParser(parser, XML_FALSE);
}

}  // namespace

base::Status CheckXmlWellFormed(std::string_view xml) {
  std::unique_ptr<XML_ParserStruct, ExpatFree> parser(XML_ParserCreate(nullptr));
  if (!parser) return base::Internal("import.xml_parser", "cannot create an XML parser");
  XML_SetUserData(parser.get(), parser.get());
  XML_SetStartDoctypeDeclHandler(parser.get(), RefuseDoctype);
  XML_SetProcessingInstructionHandler(parser.get(), RefuseProcessingInstruction);
  // expat takes an int length: feed the text in pieces.
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  bool ok = true;
  for (std::size_t at = 0; ok;) {
    const std::size_t n = std::min(kPiece, xml.size() - at);
    const bool last = at + n == xml.size();
    ok = XML_Parse(parser.get(), xml.data() + at, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) == XML_STATUS_OK;
    at += n;
    if (last) break;
  }
  if (ok) return base::Ok();
  const auto line = static_cast<long long>(XML_GetCurrentLineNumber(parser.get()));
  const XML_Error code = XML_GetErrorCode(parser.get());
  const std::string why =
      code == XML_ERROR_ABORTED ? "a document type declaration or a processing instruction" : XML_ErrorString(code);
  return base::InvalidArgument("import.bad_xml",
                               "the file's XML is damaged at line " + std::to_string(line) + ": " + why);
}

}  // namespace shuzhi::exports
