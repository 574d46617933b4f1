// JSON shapes of rectification measures (docs/openapi.json, tag measures):
// a measure in a list, one with its notes and opinions, a note, an evidence
// file, an evaluation to write against, and the request bodies.
#pragma once

#include "app/measure/measure.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object MeasureJson(const app::MeasureView& v);
json::object MeasureDetailJson(const app::MeasureDetail& d);
json::object MeasureNoteJson(const app::NoteView& n);
json::object EvidenceFileJson(const core::EvidenceFile& f);
json::object MeasureTargetJson(const app::MeasureTarget& t);

// invalid_argument "request.invalid" naming the field that will not do.
base::Result<app::MeasureInput> MeasureInputFrom(const json::object& body);
base::Result<app::MeasurePatch> MeasurePatchFrom(const json::object& body);
base::Result<app::MeasureFilter> MeasureFilterFrom(const Request& request);

}  // namespace shuzhi::http
