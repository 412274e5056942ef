// Engine: the object that owns every engine service over one store and one clock.
// Front ends (HTTP control plane, HTTP data plane, MQTT) hold an Engine& and call its services.
// Thread-safe; the store and clock must outlive it.
#pragma once

#include "engine/account_service.h"
#include "engine/device_service.h"
#include "engine/engine_context.h"
#include "engine/execution_service.h"
#include "engine/job_runner.h"
#include "engine/job_service.h"
#include "engine/registry_service.h"
#include "engine/template_service.h"
#include "engine/timer_service.h"

namespace fleetjobs {

class Engine {
 public:
  Engine(Store& store, const Clock& clock, EngineOptions options)
      : ctx_(store, clock, std::move(options)),
        registry_(ctx_),
        jobs_(ctx_),
        executions_(ctx_),
        devices_(ctx_),
        templates_(ctx_),
        account_(ctx_),
        runner_(ctx_),
        timers_(ctx_, runner_) {
    ctx_.listeners.push_back(&timers_);
  }

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  RegistryService& registry() { return registry_; }
  JobService& jobs() { return jobs_; }
  ExecutionService& executions() { return executions_; }
  DeviceService& devices() { return devices_; }
  TemplateService& templates() { return templates_; }
  AccountService& account() { return account_; }
  JobRunner& runner() { return runner_; }
  // Timers: call timers().Recover() once at start-up, then drive them with a TimerRunner (and
  // VirtualTime in --virtual-clock mode).
  TimerService& timers() { return timers_; }
  const EngineContext& context() const { return ctx_; }

  // Adds a component told about every committed change (e.g. MQTT notifications).
  // REQUIRES: called before the engine serves requests.
  void AddListener(ChangeListener* listener) { ctx_.listeners.push_back(listener); }

 private:
  EngineContext ctx_;
  RegistryService registry_;
  JobService jobs_;
  ExecutionService executions_;
  DeviceService devices_;
  TemplateService templates_;
  AccountService account_;
  JobRunner runner_;
  TimerService timers_;
};

}  // namespace fleetjobs
