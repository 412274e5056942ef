// ProgressBar: progress of a long command-line operation (import-things, simulate).
//
// On a terminal it redraws one line in place (`\r`), at most every 100 ms; otherwise (a pipe, a
// log file, CI) it prints a plain line at most every `plain_interval`, so logs stay readable.
// Finish() prints the final state on its own line either way.
//
// Thread safety: none; call from one thread (the simulator calls it from its reporting thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace fleetjobs::cli {

class ProgressBar {
 public:
  // `out` is borrowed. `tty` defaults to isatty(out).
  ProgressBar(std::FILE* out, std::string label);
  ProgressBar(std::FILE* out, std::string label, bool tty,
              std::chrono::milliseconds plain_interval = std::chrono::seconds(2));

  // total 0 means unknown (no bar, only the count). `extra` follows the count.
  void Update(size_t done, size_t total, std::string_view extra = {});
  void Finish(size_t done, size_t total, std::string_view extra = {});

  // The text of one line: `label [#####.....]  45%  450000/1000000  extra` (bar and percentage
  // only when total > 0). Pure; `width` is the bar's width in characters.
  static std::string Render(std::string_view label, size_t done, size_t total, std::string_view extra,
                            size_t width = 30);

 private:
  void Print(const std::string& line, bool final);

  std::FILE* out_;
  std::string label_;
  bool tty_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

}  // namespace fleetjobs::cli
