// TimerFixture: EngineFixture plus the engine's timers driven by VirtualTime, so tests move the
// ManualClock and every timer that falls due fires in order, as in `serve --virtual-clock`.
#pragma once

#include <memory>

#include "engine/job_runner.h"
#include "engine/timer_service.h"
#include "engine/virtual_time.h"
#include "engine_fixture.h"

namespace fleetjobs::testing {

class TimerFixture : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    runner_ = std::make_unique<JobRunner>(*ctx_);
    timers_ = std::make_unique<TimerService>(*ctx_, *runner_);
    ctx_->listeners.push_back(timers_.get());
    vtime_ = std::make_unique<VirtualTime>(clock_, *store_, *timers_);
  }

  // Moves the clock by `by`, firing what falls due on the way.
  void Run(std::chrono::milliseconds by) {
    auto r = vtime_->Advance(by);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  int64_t CountStatus(const std::string& job_id, ExecutionStatus s) {
    int64_t n = 0;
    for (const JobExecution& e : AllExecs(job_id)) n += e.status == s ? 1 : 0;
    return n;
  }

  void Start(const std::string& thing, std::optional<int64_t> step_minutes = std::nullopt) {
    StartNextRequest req;
    req.thing_name = thing;
    req.step_timeout_in_minutes = step_minutes;
    auto r = devices_->StartNextPendingJobExecution(req);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->has_value()) << "nothing pending for " << thing;
  }

  std::unique_ptr<JobRunner> runner_;
  std::unique_ptr<TimerService> timers_;
  std::unique_ptr<VirtualTime> vtime_;
};

}  // namespace fleetjobs::testing
