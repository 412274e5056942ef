#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace fleetjobs::cli {

ProgressBar::ProgressBar(std::FILE* out, std::string label)
    : ProgressBar(out, std::move(label), ::isatty(::fileno(out)) != 0) {}

ProgressBar::ProgressBar(std::FILE* out, std::string label, bool tty,
                         std::chrono::milliseconds plain_interval)
    : out_(out),
      label_(std::move(label)),
      tty_(tty),
      interval_(tty ? std::chrono::milliseconds(100) : plain_interval) {}

std::string ProgressBar::Render(std::string_view label, size_t done, size_t total, std::string_view extra,
                                size_t width) {
  std::string line(label);
  if (total > 0) {
    const size_t shown = std::min(done, total);
    const size_t filled = shown * width / total;
    line += " [";
    line.append(filled, '#');
    line.append(width - filled, '.');
    line += "] ";
    std::string pct = std::to_string(shown * 100 / total);
    line.append(3 - std::min<size_t>(3, pct.size()), ' ');
    line += pct + "%  " + std::to_string(done) + "/" + std::to_string(total);
  } else {
    line += " " + std::to_string(done);
  }
  if (!extra.empty()) {
    line += "  ";
    line += extra;
  }
  return line;
}

void ProgressBar::Update(size_t done, size_t total, std::string_view extra) {
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < interval_) return;
  last_ = now;
  Print(Render(label_, done, total, extra), false);
}

void ProgressBar::Finish(size_t done, size_t total, std::string_view extra) {
  Print(Render(label_, done, total, extra), true);
}

void ProgressBar::Print(const std::string& line, bool final) {
  if (tty_) {
    // \x1b[K clears what a longer previous line left behind.
    std::fprintf(out_, "\r%s\x1b[K%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  drawn_ = true;
}

}  // namespace fleetjobs::cli
