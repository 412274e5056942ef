#include "cli/progress_bar.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace fleetjobs::cli {
namespace {

TEST(ProgressBarTest, RenderWithTotal) {
  EXPECT_EQ(ProgressBar::Render("import", 45, 100, "write", 10), "import [####......]  45%  45/100  write");
  EXPECT_EQ(ProgressBar::Render("x", 0, 4, "", 4), "x [....]   0%  0/4");
  EXPECT_EQ(ProgressBar::Render("x", 9, 4, "", 4), "x [####] 100%  9/4");  // clamped bar
}

TEST(ProgressBarTest, RenderWithoutTotal) {
  EXPECT_EQ(ProgressBar::Render("read", 1234, 0, ""), "read 1234");
}

TEST(ProgressBarTest, PlainModePrintsWholeLinesAndTheFinalOne) {
  char buf[512] = {};
  std::FILE* f = fmemopen(buf, sizeof(buf), "w");
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar(f, "p", /*tty=*/false, std::chrono::hours(1));
    bar.Update(1, 0);
    bar.Update(2, 0);  // within the interval: not printed
    bar.Finish(3, 0, "done");
  }
  std::fclose(f);
  EXPECT_EQ(std::string(buf), "p 1\np 3  done\n");
}

}  // namespace
}  // namespace fleetjobs::cli
