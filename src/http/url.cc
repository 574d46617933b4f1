// The one translation unit that compiles Boost.URL's implementation.
#include <boost/url/src.hpp>
