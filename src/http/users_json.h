// JSON shapes of user accounts and the session (docs/openapi.json): the
// user with their role grants, a page of users, the session's user with its
// CSRF token, and the account bodies of the user management requests.
#pragma once

#include <string>
#include <vector>

#include "app/users/users.h"
#include "http/json_io.h"

namespace shuzhi::http {

json::object UserJson(const app::UserView& u);
// {"items": [...], "total": n}.
json::object UserPageJson(const app::UserPage& page);
// The logged-in user and the token their writes must carry.
json::object SessionJson(const app::UserView& user, const std::string& csrf_token);

// Role grants from the array at `field`. invalid_argument "request.invalid"
// naming the element and what is wrong ("roles[1].role": "unknown_role").
base::Result<std::vector<core::RoleGrant>> GrantsFrom(const json::value& v, const char* field);
// invalid_argument "request.invalid" naming the first bad field.
base::Result<app::NewUser> NewUserFrom(const json::object& o);
// What a PATCH changes: a missing or null field is left as it is.
base::Result<app::UserPatch> UserPatchFrom(const json::object& o);

}  // namespace shuzhi::http
