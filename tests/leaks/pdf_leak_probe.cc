// Renders WARMUP sets of each PDF shuzhi makes (an official document, phone
// slips, paper sheets), asks LeakSanitizer for a report, renders MORE sets
// and asks again: whatever the second report holds beyond the first grew
// with the documents (tests/leaks/pdf_leaks.sh reads both). Comparing within
// one process leaves out what a library does once, whose size varies from run
// to run with its threads (pango matches fonts in a thread pool).
#include <sanitizer/lsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "export/carriers_pdf.h"
#include "export/pdf.h"

namespace {

using namespace shuzhi::exports;

bool RenderAll() {
  PdfDocument doc;
  doc.title = "关于2026年度履职情况的报告";
  doc.metadata_title = doc.title;
  doc.blocks = {{PdfBlock::Kind::kHeading, "一、学习和会议"},
                {PdfBlock::Kind::kParagraph, "本人认真参加人民代表大会会议，提出建议3件。"},
                {PdfBlock::Kind::kRight, "2026年12月5日"}};
  std::vector<Carrier> carriers{{"https://example.invalid/v#ABCD", "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-23"}};
  SlipsPdf slips{"述职评议会",
                 "民主测评凭条（第 1 轮）",
                 "用手机扫描二维码投票",
                 "凭条码",
                 "投票页：http://192.168.1.10:8080/v",
                 "密钥指纹 1A2B",
                 carriers};
  SheetsPdf sheets{"述职评议会 民主测评表",
                   "请在选定的等次下划“√”",
                   "代表姓名",
                   {"满意", "基本满意", "不满意"},
                   {"王建国", "李雪梅"},
                   "凭条码",
                   "密钥指纹 1A2B",
                   carriers};
  return RenderPdf(doc).ok() && RenderSlipsPdf(slips).ok() && RenderSheetsPdf(sheets).ok();
}

}  // namespace

bool RenderSets(int n) {
  for (int i = 0; i < n; ++i) {
    if (!RenderAll()) return false;
  }
  return true;
}

int main(int argc, char** argv) {
  const int warmup = argc > 1 ? std::atoi(argv[1]) : 1;
  const int more = argc > 2 ? std::atoi(argv[2]) : 0;
  if (!RenderSets(warmup)) return 2;
  std::fprintf(stderr, "=== leak check after %d set(s)\n", warmup);
  const int first = __lsan_do_recoverable_leak_check();
  if (!RenderSets(more)) return 2;
  std::fprintf(stderr, "=== leak check after %d set(s)\n", warmup + more);
  const int second = __lsan_do_recoverable_leak_check();
  std::fprintf(stderr, "=== done\n");
  // Exit 0 either way: the script reads the reports (at exit LeakSanitizer
  // checks a third time and fails the process on an unsuppressed leak).
  return first != 0 || second != 0 ? 3 : 0;
}
