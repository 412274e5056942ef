#include "api/percent_decoding.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

namespace fleetjobs::api {

std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space) {
  auto pct = boost::urls::make_pct_string_view(boost::urls::string_view(s.data(), s.size()));
  if (pct.has_error()) return std::nullopt;
  boost::urls::encoding_opts opts;
  opts.space_as_plus = plus_as_space;
  return pct->decode(opts);
}

}  // namespace fleetjobs::api
