// Inside the users room: what auth.cc and users.cc share and the public
// header must not show (it names a storage record).
#pragma once

#include "app/users/users.h"
#include "storage/store.h"

namespace shuzhi::app {

// A user as the API shows it: the record without its password hash.
UserView UserViewOf(const storage::UserRecord& r);

}  // namespace shuzhi::app
