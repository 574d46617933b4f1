// An area's routes as a table: each row a method, a pattern and a named
// handler function of the area's service, so that each handler is a
// function of its own and `Add…Routes` adds the table.
#pragma once

#include <cstddef>

#include "http/json_io.h"
#include "http/router.h"

namespace shuzhi::http {

// A handler written with Result (see Wrap), given the service it calls.
template <typename Service>
struct ServiceRoute {
  const char* method;
  const char* pattern;
  base::Result<Response> (*handler)(Service&, RouteContext&);
  Access access = Access::kSession;
};

// Adds `routes` in the order listed: the router takes the first that
// matches, so a fixed path goes before a pattern that would take it.
// `service` must outlive the router.
template <typename Service, std::size_t N>
void AddServiceRoutes(Router& router, Service& service, const ServiceRoute<Service> (&routes)[N]) {
  for (const auto& r : routes) {
    auto* handler = r.handler;
    router.Add({r.method, r.pattern, r.access, false,
                Wrap([&service, handler](RouteContext& ctx) { return handler(service, ctx); })});
  }
}

}  // namespace shuzhi::http
