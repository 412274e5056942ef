#include "engine/document_substitution.h"

#include <optional>

namespace fleetjobs {

namespace {

// Replaces every `prefix NAME }` by replace(NAME), or keeps it when replace returns nullopt.
template <typename Fn>
std::string ReplacePlaceholders(std::string_view document, std::string_view prefix, Fn replace) {
  std::string out;
  out.reserve(document.size());
  size_t pos = 0;
  while (pos < document.size()) {
    size_t start = document.find(prefix, pos);
    if (start == std::string_view::npos) break;
    size_t name_begin = start + prefix.size();
    size_t end = document.find('}', name_begin);
    if (end == std::string_view::npos) break;
    out.append(document.substr(pos, start - pos));
    std::optional<std::string> value = replace(document.substr(name_begin, end - name_begin));
    if (value) {
      out.append(*value);
    } else {
      out.append(document.substr(start, end + 1 - start));
    }
    pos = end + 1;
  }
  out.append(document.substr(pos));
  return out;
}

}  // namespace

std::string SubstituteDocumentParameters(std::string_view document,
                                         const std::map<std::string, std::string>& parameters) {
  if (parameters.empty()) return std::string(document);
  return ReplacePlaceholders(document, kParameterPlaceholderPrefix,
                             [&](std::string_view name) -> std::optional<std::string> {
                               // std::map<std::string, ...>::find needs a std::string key.
                               auto it = parameters.find(std::string(name));
                               if (it == parameters.end()) return std::nullopt;
                               return it->second;
                             });
}

std::string SubstitutePresignedUrls(std::string_view document, const UrlPresigner& presigner,
                                    int64_t expires_in_sec, Timestamp now) {
  return ReplacePlaceholders(document, kPresignedUrlPlaceholderPrefix,
                             [&](std::string_view url) -> std::optional<std::string> {
                               auto signed_url = presigner.PresignGet(url, expires_in_sec, now);
                               if (!signed_url.ok()) return std::nullopt;
                               return std::move(signed_url).value();
                             });
}

}  // namespace fleetjobs
