// JSON for the modules that need it (audit details in app, the API in http):
// Boost.JSON, compiled once in json.cc rather than in every user.
#pragma once

#include <boost/json.hpp>

namespace shuzhi::base {
namespace json = boost::json;
}  // namespace shuzhi::base
