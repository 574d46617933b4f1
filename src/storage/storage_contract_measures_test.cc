// The storage contract for rectification measures: the measure and the
// opinions it names, its notes, and evidence stored once per digest.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "storage/storage_contract_fixture.h"

namespace shuzhi::storage::contract {
namespace {

struct Seed {
  std::int64_t campaign = 0, poll = 0, opinion_a = 0, opinion_b = 0;
};

// A poll about Zhang and Li in a town campaign, and two opinions about Zhang.
Seed SeedMeasureWorld(Store& store, const Seeded& s) {
  Seed out;
  const Status st = store.Write([&](Tx& tx) -> Status {
    SHUZHI_ASSIGN_OR_RETURN(
        out.campaign,
        tx.campaigns().Insert({0, s.town, 2026, "t", "voter", core::CampaignState::kActive, "{}", 1, 1, {s.group}}));
    MeetingRecord m;
    m.campaign_id = out.campaign;
    m.title = "t";
    m.projector_token = "tok";
    SHUZHI_ASSIGN_OR_RETURN(auto meeting, tx.meetings().Insert(m));
    PollRecord p;
    p.meeting_id = meeting;
    p.deputy_ids = {s.zhang, s.li};
    SHUZHI_ASSIGN_OR_RETURN(out.poll, tx.meetings().InsertPoll(p));
    OpinionRecord o;
    o.deputy_id = s.zhang;
    o.source = "visit";
    o.received_on = "2026-11-01";
    o.content = "道路维修";
    o.recorded_by = "leader";
    o.status = "new";
    SHUZHI_ASSIGN_OR_RETURN(out.opinion_a, tx.opinions().Insert(o));
    o.content = "路灯";
    SHUZHI_ASSIGN_OR_RETURN(out.opinion_b, tx.opinions().Insert(o));
    return base::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

core::Measure MeasureOf(const Seed& w, std::int64_t deputy) {
  core::Measure m;
  m.poll_id = w.poll;
  m.deputy_id = deputy;
  m.campaign_id = w.campaign;
  m.text = "每月走访选民一次";
  m.due_on = "2027-03-31";
  m.opinion_ids = {w.opinion_b, w.opinion_a};
  m.created_by = "zhang";
  m.created_at = 1'000;
  return m;
}

TEST_F(StoreTest, MeasureKeepsItsOpinionsAndMovesThroughReview) {
  const Seeded s = SeedRegistry(*store_);
  const Seed w = SeedMeasureWorld(*store_, s);
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(id, tx.measures().Insert(MeasureOf(w, s.zhang)));
                    return tx.measures().Insert(MeasureOf(w, s.li)).status();
                  })
                  .ok());
  core::Measure m;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto found, tx.measures().Find(id));
                    EXPECT_TRUE(found.has_value());
                    if (found) m = *found;
                    return base::Ok();
                  })
                  .ok());
  EXPECT_EQ(m.text, "每月走访选民一次");
  EXPECT_EQ(m.due_on, "2027-03-31");
  EXPECT_EQ(m.state, core::MeasureState::kOpen);
  EXPECT_EQ(m.opinion_ids, (std::vector<std::int64_t>{w.opinion_a, w.opinion_b}));  // by id
  EXPECT_FALSE(m.done_at.has_value());
  // Reviewed and returned, naming one opinion only.
  m.state = core::MeasureState::kReturned;
  m.done_at = 2'000;
  m.reviewed_by = "leader";
  m.reviewed_at = 3'000;
  m.review_comment = "请补充照片";
  m.opinion_ids = {w.opinion_b};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.measures().Update(m); }).ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto found, tx.measures().Find(id, true));
                    EXPECT_TRUE(found.has_value());
                    if (!found) return base::Ok();
                    EXPECT_EQ(found->state, core::MeasureState::kReturned);
                    EXPECT_EQ(found->done_at, std::optional<base::Micros>(2'000));
                    EXPECT_EQ(found->reviewed_at, std::optional<base::Micros>(3'000));
                    EXPECT_EQ(found->reviewed_by, "leader");
                    EXPECT_EQ(found->review_comment, "请补充照片");
                    EXPECT_EQ(found->opinion_ids, std::vector<std::int64_t>{w.opinion_b});
                    SHUZHI_ASSIGN_OR_RETURN(auto on_a, tx.measures().StatesForOpinion(w.opinion_a));
                    EXPECT_EQ(on_a.size(), 1u);  // Li's measure still names it
                    SHUZHI_ASSIGN_OR_RETURN(auto on_b, tx.measures().StatesForOpinion(w.opinion_b));
                    EXPECT_EQ(on_b.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto in_campaign, tx.measures().ListForCampaign(w.campaign));
                    EXPECT_EQ(in_campaign.size(), 2u);
                    SHUZHI_ASSIGN_OR_RETURN(auto zhangs, tx.measures().ListForDeputy(s.zhang));
                    EXPECT_EQ(zhangs.size(), 1u);
                    if (!zhangs.empty()) {
                      EXPECT_EQ(zhangs.front().opinion_ids, std::vector<std::int64_t>{w.opinion_b});
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.measures().ListForCampaign(w.campaign + 1000));
                    EXPECT_TRUE(none.empty());
                    return base::Ok();
                  })
                  .ok());
  // Updating a measure that does not exist is refused.
  m.id = id + 1000;
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.measures().Update(m); }).reason(), "measure.not_found");
}

TEST_F(StoreTest, EvidenceIsStoredOncePerDigestAndCountedPerMeasure) {
  const Seeded s = SeedRegistry(*store_);
  const Seed w = SeedMeasureWorld(*store_, s);
  // Bytes a text column would mangle: NUL, high bytes, invalid UTF-8.
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18);
  const std::string digest(64, 'a');
  std::int64_t measure = 0, note = 0, file = 0;
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(measure, tx.measures().Insert(MeasureOf(w, s.zhang)));
                    SHUZHI_ASSIGN_OR_RETURN(note, tx.measures().AddNote({0, measure, "已走访3户", "zhang", 5'000, {}}));
                    SHUZHI_TRY(tx.measures().PutBlob(digest, png));
                    SHUZHI_TRY(tx.measures().PutBlob(digest, png));  // the same content again: nothing new
                    core::EvidenceFile f{0, note, measure, "现场.png", "image/png", 18, digest, "zhang", 6'000};
                    SHUZHI_ASSIGN_OR_RETURN(file, tx.measures().AddFile(f));
                    f.name = "副本.png";
                    return tx.measures().AddFile(f).status();
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    SHUZHI_ASSIGN_OR_RETURN(auto bytes, tx.measures().Blob(digest));
                    EXPECT_EQ(bytes, std::optional<std::string>(png));
                    SHUZHI_ASSIGN_OR_RETURN(auto missing, tx.measures().Blob(std::string(64, 'b')));
                    EXPECT_FALSE(missing.has_value());
                    SHUZHI_ASSIGN_OR_RETURN(auto total, tx.measures().EvidenceBytes(measure));
                    EXPECT_EQ(total, 36);
                    SHUZHI_ASSIGN_OR_RETURN(auto notes, tx.measures().ListNotes(measure));
                    EXPECT_EQ(notes.size(), 1u);
                    if (notes.size() == 1) {
                      EXPECT_EQ(notes[0].text, "已走访3户");
                      EXPECT_EQ(notes[0].files.size(), 2u);
                      if (!notes[0].files.empty()) {
                        EXPECT_EQ(notes[0].files[0].name, "现场.png");
                      }
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto f, tx.measures().FindFile(file));
                    EXPECT_TRUE(f.has_value());
                    if (f) {
                      EXPECT_EQ(f->measure_id, measure);
                      EXPECT_EQ(f->note_id, note);
                      EXPECT_EQ(f->sha256, digest);
                      EXPECT_EQ(f->size, 18);
                    }
                    SHUZHI_ASSIGN_OR_RETURN(auto none, tx.measures().EvidenceBytes(measure + 1000));
                    EXPECT_EQ(none, 0);
                    return base::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace shuzhi::storage::contract
