#include "http/users_json.h"

#include "core/registry.h"

namespace shuzhi::http {
namespace {

base::Status Invalid(const std::string& field, const char* why) {
  return base::InvalidArgument("request.invalid", field + ": " + why, {{field, why}});
}

// Each grant with the names of its scope (UserRoleGrant), so that no page
// shows or looks up an id.
json::array GrantsJson(const app::UserView& u) {
  json::array out;
  for (std::size_t i = 0; i < u.roles.size(); ++i) {
    const auto& g = u.roles[i];
    static const app::GrantNames kUnnamed;
    const app::GrantNames& names = i < u.role_names.size() ? u.role_names[i] : kUnnamed;
    out.push_back(json::object{{"role", core::RoleName(g.role)},
                               {"congress_id", Nullable(g.congress_id)},
                               {"group_id", Nullable(g.group_id)},
                               {"deputy_id", Nullable(g.deputy_id)},
                               {"congress_name", Nullable(names.congress)},
                               {"group_name", Nullable(names.group)},
                               {"deputy_name", Nullable(names.deputy)}});
  }
  return out;
}

}  // namespace

json::object UserJson(const app::UserView& u) {
  return json::object{
      {"id", u.id},
      {"username", u.username},
      {"display_name", u.display_name},
      {"disabled", u.disabled},
      {"must_change_password", u.must_change_password},
      {"roles", GrantsJson(u)},
      {"created_at", base::FormatCst(u.created_at)},
      {"last_login_at", NullableTime(u.last_login_at)},
      {"previous_login_at", NullableTime(u.previous_login_at)},
  };
}

json::object UserPageJson(const app::UserPage& page) {
  json::array items;
  for (const auto& u : page.items) items.push_back(UserJson(u));
  return json::object{{"items", std::move(items)}, {"total", page.total}};
}

json::object SessionJson(const app::UserView& user, const std::string& csrf_token) {
  return json::object{{"user", UserJson(user)}, {"csrf_token", csrf_token}};
}

base::Result<std::vector<core::RoleGrant>> GrantsFrom(const json::value& v, const char* field) {
  if (!v.is_array()) return Invalid(field, "must_be_array");
  std::vector<core::RoleGrant> out;
  std::size_t i = 0;
  for (const auto& item : v.as_array()) {
    const std::string at = std::string(field) + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) return Invalid(at, "must_be_object");
    const auto& o = item.as_object();
    const auto* role = o.if_contains("role");
    if (role == nullptr || !role->is_string()) return Invalid(at + ".role", "required");
    auto parsed = core::ParseRole(std::string(role->as_string()));
    if (!parsed) return Invalid(at + ".role", "unknown_role");
    core::RoleGrant g{*parsed, {}, {}, {}};
    for (auto [name, slot] : {std::pair{"congress_id", &g.congress_id}, std::pair{"group_id", &g.group_id},
                              std::pair{"deputy_id", &g.deputy_id}}) {
      const auto* id = o.if_contains(name);
      if (id == nullptr || id->is_null()) continue;
      if (!id->is_int64()) return Invalid(at + "." + name, "must_be_integer");
      *slot = id->as_int64();
    }
    out.push_back(g);
  }
  return out;
}

base::Result<app::NewUser> NewUserFrom(const json::object& o) {
  app::NewUser input;
  SHUZHI_ASSIGN_OR_RETURN(input.username, RequiredString(o, "username"));
  SHUZHI_ASSIGN_OR_RETURN(input.display_name, RequiredString(o, "display_name"));
  SHUZHI_ASSIGN_OR_RETURN(input.password, RequiredString(o, "password"));
  // Present but null is refused here (must_be_array), unlike in a patch.
  if (const auto* roles = o.if_contains("roles")) {
    SHUZHI_ASSIGN_OR_RETURN(input.roles, GrantsFrom(*roles, "roles"));
  }
  return input;
}

base::Result<app::UserPatch> UserPatchFrom(const json::object& o) {
  app::UserPatch patch;
  SHUZHI_ASSIGN_OR_RETURN(patch.display_name, OptionalString(o, "display_name"));
  SHUZHI_ASSIGN_OR_RETURN(patch.disabled, OptionalBool(o, "disabled"));
  if (const auto* roles = o.if_contains("roles"); roles && !roles->is_null()) {
    SHUZHI_ASSIGN_OR_RETURN(patch.roles, GrantsFrom(*roles, "roles"));
  }
  return patch;
}

}  // namespace shuzhi::http
