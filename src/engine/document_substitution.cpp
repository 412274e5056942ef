#include "engine/document_substitution.h"

namespace fleetjobs {

std::string SubstituteDocumentParameters(std::string_view document,
                                         const std::map<std::string, std::string>& parameters) {
  if (parameters.empty()) return std::string(document);
  std::string out;
  out.reserve(document.size());
  size_t pos = 0;
  while (pos < document.size()) {
    size_t start = document.find(kParameterPlaceholderPrefix, pos);
    if (start == std::string_view::npos) break;
    size_t name_begin = start + kParameterPlaceholderPrefix.size();
    size_t end = document.find('}', name_begin);
    if (end == std::string_view::npos) break;
    out.append(document.substr(pos, start - pos));
    // std::map<std::string, ...>::find needs a std::string key without a transparent comparator.
    auto it = parameters.find(std::string(document.substr(name_begin, end - name_begin)));
    if (it != parameters.end()) {
      out.append(it->second);
    } else {
      out.append(document.substr(start, end + 1 - start));
    }
    pos = end + 1;
  }
  out.append(document.substr(pos));
  return out;
}

}  // namespace fleetjobs
