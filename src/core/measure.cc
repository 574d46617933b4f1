#include "core/measure.h"

namespace shuzhi::core {

const char* MeasureStateCode(MeasureState s) {
  switch (s) {
    case MeasureState::kOpen:
      return "open";
    case MeasureState::kDone:
      return "done";
    case MeasureState::kAccepted:
      return "accepted";
    case MeasureState::kReturned:
      return "returned";
  }
  return "open";
}

std::optional<MeasureState> ParseMeasureState(std::string_view code) {
  for (auto s : {MeasureState::kOpen, MeasureState::kDone, MeasureState::kAccepted, MeasureState::kReturned}) {
    if (code == MeasureStateCode(s)) return s;
  }
  return std::nullopt;
}

bool MeasureIsOpen(MeasureState s) { return s == MeasureState::kOpen || s == MeasureState::kReturned; }

bool MeasureIsComplete(MeasureState s) { return s == MeasureState::kDone || s == MeasureState::kAccepted; }

bool MayMoveMeasure(MeasureState from, MeasureState to) {
  switch (to) {
    case MeasureState::kDone:
      return MeasureIsOpen(from);
    case MeasureState::kAccepted:
    case MeasureState::kReturned:
      return from == MeasureState::kDone;
    case MeasureState::kOpen:
      return false;  // a measure starts open and never goes back to it
  }
  return false;
}

bool MeasureOverdue(const Measure& m, std::string_view today) {
  // ISO dates compare as text.
  return MeasureIsOpen(m.state) && std::string_view(m.due_on) < today;
}

std::optional<std::string> SniffEvidence(std::string_view bytes) {
  // The three signatures are fixed and short; a library (libmagic) would
  // answer for hundreds of types we must refuse anyway.
  constexpr std::string_view kPng("\x89PNG\r\n\x1a\n", 8);
  constexpr std::string_view kJpeg("\xFF\xD8\xFF", 3);
  constexpr std::string_view kPdf("%PDF-", 5);
  if (bytes.substr(0, kPng.size()) == kPng) return "image/png";
  if (bytes.substr(0, kJpeg.size()) == kJpeg) return "image/jpeg";
  if (bytes.substr(0, kPdf.size()) == kPdf) return "application/pdf";
  return std::nullopt;
}

}  // namespace shuzhi::core
