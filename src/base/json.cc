// The one translation unit that compiles Boost.JSON's implementation.
#include <boost/json/src.hpp>
