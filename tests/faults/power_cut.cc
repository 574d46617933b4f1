#include "power_cut.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/board.h"
#include "power_cut_log.h"

namespace shuzhi::faults {
namespace {

using powercut::RecordHeader;
using powercut::RecordType;

constexpr std::uint64_t kPage = 4096;

struct Record {
  RecordType type;
  std::string path;
  std::uint64_t a = 0, b = 0, c = 0;
  std::string data;
  std::uint64_t number = 0;  // its place in the log
};

// The log's records; a record cut short by the kill ends it (its write
// never began).
base::Result<std::vector<Record>> ReadLog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound("faults.power_log", "no power-cut log at " + path);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  std::vector<Record> out;
  std::size_t at = 0;
  while (text.size() - at >= sizeof(RecordHeader)) {
    RecordHeader h{};
    std::memcpy(&h, text.data() + at, sizeof h);
    if (h.magic != powercut::kMagic) return base::Internal("faults.power_log", "a damaged record in " + path);
    const std::size_t body = static_cast<std::size_t>(h.path_len) + h.data_len;
    if (text.size() - at - sizeof h < body) break;
    Record r;
    r.type = static_cast<RecordType>(h.type);
    r.path = text.substr(at + sizeof h, h.path_len);
    r.data = text.substr(at + sizeof h + h.path_len, h.data_len);
    r.a = h.a;
    r.b = h.b;
    r.c = h.c;
    r.number = out.size();
    out.push_back(std::move(r));
    at += sizeof h + body;
  }
  return out;
}

struct File {
  int fd = -1;
  explicit File(const std::string& path) : fd(::open(path.c_str(), O_RDWR | O_CLOEXEC)) {}
  ~File() {
    if (fd >= 0) ::close(fd);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
};

base::Status WriteAt(int fd, const std::string& bytes, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n <= 0) return base::Internal("faults.power_undo", std::string("pwrite: ") + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return base::Ok();
}

base::Status Resize(int fd, std::uint64_t size) {
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    return base::Internal("faults.power_undo", std::string("ftruncate: ") + std::strerror(errno));
  }
  return base::Ok();
}

// Takes back a write from byte `from` of the file on (its start, or a page
// boundary inside it when it is torn).
base::Status UndoWrite(int fd, const Record& w, std::uint64_t from, std::uint64_t* restored) {
  const std::uint64_t end = w.a + w.b, old_size = w.c;
  if (from < old_size) {
    const std::uint64_t skip = from - w.a;
    if (skip < w.data.size()) {
      SHUZHI_TRY(WriteAt(fd, w.data.substr(skip), from));
      *restored += w.data.size() - skip;
    }
  }
  if (end > old_size) SHUZHI_TRY(Resize(fd, std::max(old_size, from)));
  return base::Ok();
}

base::Status UndoTruncate(int fd, const Record& t, std::uint64_t* restored) {
  const std::uint64_t new_size = t.a, old_size = t.c;
  SHUZHI_TRY(Resize(fd, old_size));
  if (new_size < old_size) {
    SHUZHI_TRY(WriteAt(fd, t.data, new_size));
    *restored += t.data.size();
  }
  return base::Ok();
}

// A page boundary strictly inside the write, or 0 when it has none.
std::uint64_t TearPoint(const Record& w, std::mt19937& rng) {
  const std::uint64_t first = (w.a / kPage + 1) * kPage, end = w.a + w.b;
  if (w.type != RecordType::kWrite || first >= end) return 0;
  const std::uint64_t pages = (end - 1 - first) / kPage + 1;
  return first + (rng() % pages) * kPage;
}

// Takes back the file's unsynced records from a drawn point on.
base::Status CutFile(const std::string& path, const std::vector<const Record*>& unsynced, std::mt19937& rng,
                     CutReport* report) {
  const std::size_t n = unsynced.size();
  const std::size_t keep = rng() % 2 == 0 ? 0 : rng() % (n + 1);
  if (keep == n) return base::Ok();
  File f(path);
  if (f.fd < 0) return base::Internal("faults.power_undo", "cannot open " + path + ": " + std::strerror(errno));
  for (std::size_t i = n; i-- > keep;) {
    const Record& r = *unsynced[i];
    std::uint64_t from = r.a;
    if (i == keep && rng() % 2 == 0) {
      if (const std::uint64_t tear = TearPoint(r, rng); tear != 0) {
        from = tear;
        ++report->torn;
      }
    }
    if (r.type == RecordType::kWrite) {
      SHUZHI_TRY(UndoWrite(f.fd, r, from, &report->bytes_restored));
    } else {
      SHUZHI_TRY(UndoTruncate(f.fd, r, &report->bytes_restored));
    }
    ++report->undone;
  }
  return base::Ok();
}

}  // namespace

base::Result<CutReport> CutPower(const std::string& log_path, std::mt19937& rng) {
  // The shim opens its log at the server's first open(2): none, and the
  // server was killed before it wrote anything.
  if (!std::filesystem::exists(log_path)) return CutReport{};
  SHUZHI_ASSIGN_OR_RETURN(auto records, ReadLog(log_path));
  CutReport report;
  report.records = records.size();
  std::map<std::string, std::uint64_t> synced_before, dir_synced_before;
  for (const auto& r : records) {
    if (r.type == RecordType::kSync) synced_before[r.path] = std::max(synced_before[r.path], r.a);
    if (r.type == RecordType::kDirSync) dir_synced_before[r.path] = std::max(dir_synced_before[r.path], r.a);
  }
  std::set<std::string> removed;
  for (const auto& r : records) {
    if (r.type != RecordType::kCreate) continue;
    const std::string dir = std::filesystem::path(r.path).parent_path().string();
    if (dir_synced_before[dir] > r.number) continue;
    std::error_code ec;
    if (std::filesystem::remove(r.path, ec)) ++report.files_removed;
    removed.insert(r.path);
  }
  std::map<std::string, std::vector<const Record*>> unsynced;
  for (const auto& r : records) {
    if (r.type != RecordType::kWrite && r.type != RecordType::kTruncate) continue;
    if (r.number < synced_before[r.path] || removed.count(r.path) != 0) continue;
    unsynced[r.path].push_back(&r);
    ++report.unsynced;
  }
  for (const auto& [path, list] : unsynced) SHUZHI_TRY(CutFile(path, list, rng, &report));
  std::error_code ec;
  std::filesystem::remove(log_path, ec);
  return report;
}

base::Result<AfterCut> ReadAfterCut(const std::string& data_dir, std::int64_t poll_id) {
  const std::string path = (std::filesystem::path(data_dir) / "shuzhi.db").string();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) return base::Unavailable("faults.sqlite", "cannot open " + path + " after the cut");
  // As the server found it: no checkpoint when this connection closes, and
  // the WAL left in place.
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  int persist = 1;
  sqlite3_file_control(db.get(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  AfterCut out;
  auto rows = [&](const std::string& sql, std::vector<std::string>* into) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      into->push_back(std::string("(error: ") + sqlite3_errmsg(db.get()) + ")");
      return;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* v = sqlite3_column_text(st, 0);
      into->emplace_back(v ? reinterpret_cast<const char*>(v) : "");
    }
    sqlite3_finalize(st);
  };
  std::vector<std::string> verdict;
  rows("PRAGMA integrity_check", &verdict);
  for (const auto& line : verdict) out.integrity += (out.integrity.empty() ? "" : "; ") + line;
  rows("SELECT receipt FROM spends WHERE poll_id = " + std::to_string(poll_id) + " AND receipt IS NOT NULL",
       &out.receipt_digests);
  std::sort(out.receipt_digests.begin(), out.receipt_digests.end());
  return out;
}

PowerCuts::PowerCuts(std::string work_dir, std::string data_dir, std::int64_t poll_id, unsigned seed)
    : log_(std::move(work_dir) + "/power-cut.log"), data_dir_(std::move(data_dir)), poll_id_(poll_id), rng_(seed) {}

std::vector<std::pair<std::string, std::string>> PowerCuts::ServerEnv(bool no_sync) const {
  const auto shim = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "libshuzhi_powercut.so";
  std::vector<std::pair<std::string, std::string>> env{
      {"LD_PRELOAD", shim.string()}, {"SHUZHI_POWERCUT_DIR", data_dir_}, {"SHUZHI_POWERCUT_LOG", log_}};
  if (no_sync) env.emplace_back("SHUZHI_POWERCUT_NO_SYNC", "1");
  return env;
}

void PowerCuts::Cut(const std::vector<std::string>& acknowledged) {
  ++cuts_;
  const std::string name = "cut " + std::to_string(cuts_);
  auto cut = CutPower(log_, rng_);
  if (!cut.ok()) {
    problems_.push_back(name + ": " + cut.status().ToString());
    return;
  }
  total_.records += cut->records;
  total_.unsynced += cut->unsynced;
  total_.undone += cut->undone;
  total_.torn += cut->torn;
  total_.files_removed += cut->files_removed;
  total_.bytes_restored += cut->bytes_restored;
  auto after = ReadAfterCut(data_dir_, poll_id_);
  if (!after.ok()) {
    problems_.push_back(name + ": " + after.status().ToString());
    database_ok_ = false;
    return;
  }
  if (after->integrity != "ok") {
    problems_.push_back(name + ": the database was damaged: integrity_check: " + after->integrity);
    database_ok_ = false;
  }
  std::size_t missing = 0;
  for (const auto& receipt : acknowledged) {
    if (!std::binary_search(after->receipt_digests.begin(), after->receipt_digests.end(),
                            core::ReceiptDigest(receipt))) {
      ++missing;
      lost_.insert(receipt);
    }
  }
  checked_max_ = std::max(checked_max_, acknowledged.size());
  if (missing > 0) {
    problems_.push_back(name + ": " + std::to_string(missing) + " acknowledged ballots lost of " +
                        std::to_string(acknowledged.size()));
  }
  std::printf(
      "  %s: %zu writes not synced, %zu taken back (%zu torn), %zu files unnamed; integrity %s; %zu of %zu "
      "acknowledged stored\n",
      name.c_str(), cut->unsynced, cut->undone, cut->torn, cut->files_removed, after->integrity.c_str(),
      acknowledged.size() - missing, acknowledged.size());
  std::fflush(stdout);
}

void PowerCuts::PrintTotals() const {
  std::printf(
      "power cuts: %d; writes not synced %zu, taken back %zu (%zu torn at a page boundary, %llu bytes restored), "
      "files unnamed %zu; acknowledged ballots lost at the cuts: %zu (up to %zu checked at a cut)\n",
      cuts_, total_.unsynced, total_.undone, total_.torn, static_cast<unsigned long long>(total_.bytes_restored),
      total_.files_removed, lost_.size(), checked_max_);
}

}  // namespace shuzhi::faults
