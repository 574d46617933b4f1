#include "core/measure.h"

#include <gtest/gtest.h>

#include <string>

namespace shuzhi::core {
namespace {

constexpr MeasureState kAll[] = {MeasureState::kOpen, MeasureState::kDone, MeasureState::kAccepted,
                                 MeasureState::kReturned};

TEST(MeasureTest, StateCodesRoundTrip) {
  for (auto s : kAll) EXPECT_EQ(ParseMeasureState(MeasureStateCode(s)), s);
  EXPECT_STREQ(MeasureStateCode(MeasureState::kReturned), "returned");
  EXPECT_FALSE(ParseMeasureState("closed").has_value());
  EXPECT_FALSE(ParseMeasureState("").has_value());
  EXPECT_FALSE(ParseMeasureState("Done").has_value());
}

TEST(MeasureTest, TransitionsFollowTheReviewCycle) {
  int allowed = 0;
  for (auto from : kAll) {
    for (auto to : kAll) allowed += MayMoveMeasure(from, to) ? 1 : 0;
  }
  // open→done, returned→done, done→accepted, done→returned, and nothing else.
  EXPECT_EQ(allowed, 4);
  EXPECT_TRUE(MayMoveMeasure(MeasureState::kOpen, MeasureState::kDone));
  EXPECT_TRUE(MayMoveMeasure(MeasureState::kReturned, MeasureState::kDone));
  EXPECT_TRUE(MayMoveMeasure(MeasureState::kDone, MeasureState::kAccepted));
  EXPECT_TRUE(MayMoveMeasure(MeasureState::kDone, MeasureState::kReturned));
  EXPECT_FALSE(MayMoveMeasure(MeasureState::kOpen, MeasureState::kAccepted));
  EXPECT_FALSE(MayMoveMeasure(MeasureState::kAccepted, MeasureState::kReturned));
  EXPECT_FALSE(MayMoveMeasure(MeasureState::kAccepted, MeasureState::kDone));
  EXPECT_FALSE(MayMoveMeasure(MeasureState::kDone, MeasureState::kOpen));
}

TEST(MeasureTest, OpenAndCompleteSplitTheStates) {
  for (auto s : kAll) EXPECT_NE(MeasureIsOpen(s), MeasureIsComplete(s)) << MeasureStateCode(s);
}

TEST(MeasureTest, OverdueOnlyWhileTheDeputyStillOwesIt) {
  Measure m;
  m.due_on = "2026-12-10";
  m.state = MeasureState::kOpen;
  EXPECT_FALSE(MeasureOverdue(m, "2026-12-10"));  // due today is not late
  EXPECT_TRUE(MeasureOverdue(m, "2026-12-11"));
  EXPECT_TRUE(MeasureOverdue(m, "2027-01-01"));
  m.state = MeasureState::kReturned;
  EXPECT_TRUE(MeasureOverdue(m, "2026-12-11"));
  m.state = MeasureState::kDone;
  EXPECT_FALSE(MeasureOverdue(m, "2026-12-11"));
  m.state = MeasureState::kAccepted;
  EXPECT_FALSE(MeasureOverdue(m, "2027-12-11"));
}

TEST(MeasureTest, SniffsOnlyPngJpegAndPdf) {
  EXPECT_EQ(SniffEvidence(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(SniffEvidence(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10)), "image/jpeg");
  EXPECT_EQ(SniffEvidence("%PDF-1.7\n%\xE2\xE3"), "application/pdf");
  EXPECT_FALSE(SniffEvidence("").has_value());
  EXPECT_FALSE(SniffEvidence("\x89PNG").has_value());  // cut short
  EXPECT_FALSE(SniffEvidence("GIF89a").has_value());
  EXPECT_FALSE(SniffEvidence("<svg xmlns='http://www.w3.org/2000/svg'/>").has_value());
  EXPECT_FALSE(SniffEvidence("PK\x03\x04").has_value());  // a DOCX or ZIP
  EXPECT_FALSE(SniffEvidence(" %PDF-1.7").has_value());   // not at the start
}

}  // namespace
}  // namespace shuzhi::core
