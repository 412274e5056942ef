// The whole device loop of AWS IoT Jobs with the unmodified aws-iot-device-sdk-v2 jobs clients, over plain
// TCP (no TLS) to the broker fleetjobs serves through:
//   v1: IotJobsClient on an aws-crt MQTT 3.1.1 connection (publish*/subscribeTo* API)
//   v2: IotJobsClientv2 on an aws-crt MQTT5 client (request/response API, matches replies on clientToken)
// Each does: get pending -> start next -> describe -> update SUCCEEDED -> describe a missing job (rejected)
// and waits for the notify-next (and, v2, notify) that the last update causes.
// Usage: node device_loop.js HOST PORT V1_THING V1_JOB V2_THING V2_JOB
// Prints one JSON line {"v1": {...}, "v2": {...}} and exits 0; exits 1 on any failure. Every wait is bounded.
const { mqtt, mqtt5, io, iotjobs } = require("aws-iot-device-sdk-v2");

const [host, portText, v1Thing, v1Job, v2Thing, v2Job] = process.argv.slice(2);
const port = Number(portText);
const WAIT_MS = 10000;

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A one-shot promise a callback can settle.
function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}

async function v1Loop() {
  const out = {};
  const client = new mqtt.MqttClient(new io.ClientBootstrap());
  const conn = client.new_connection({
    client_id: `sdk-v1-${v1Thing}`, host_name: host, port, clean_session: true, keep_alive: 30,
    socket_options: new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.IPV4, 3000),
  });
  await within(conn.connect(), "v1 connect");
  const jobs = new iotjobs.IotJobsClient(conn);
  const QOS = mqtt.QoS.AtLeastOnce;
  const t = { thingName: v1Thing };
  const replies = {};
  const expect = (name) => (replies[name] = deferred());
  const handler = (name) => (err, resp) => replies[name] && replies[name].resolve({ err, resp });

  await jobs.subscribeToGetPendingJobExecutionsAccepted(t, QOS, handler("get"));
  await jobs.subscribeToStartNextPendingJobExecutionAccepted(t, QOS, handler("startNext"));
  await jobs.subscribeToDescribeJobExecutionAccepted({ ...t, jobId: v1Job }, QOS, handler("describe"));
  await jobs.subscribeToUpdateJobExecutionAccepted({ ...t, jobId: v1Job }, QOS, handler("update"));
  await jobs.subscribeToDescribeJobExecutionRejected({ ...t, jobId: "missing-job" }, QOS, handler("missing"));
  const nextEvents = [];
  let emptied = deferred();
  await jobs.subscribeToNextJobExecutionChangedEvents(t, QOS, (err, ev) => {
    nextEvents.push(ev);
    if (ev && !ev.execution) emptied.resolve(ev);
  });

  let r = expect("get");
  await jobs.publishGetPendingJobExecutions({ ...t, clientToken: "v1-get" }, QOS);
  r = await within(r.promise, "v1 get/accepted");
  out.get = { clientToken: r.resp.clientToken, queued: r.resp.queuedJobs.map((j) => j.jobId),
              inProgress: r.resp.inProgressJobs.map((j) => j.jobId), timestampType: typeof r.resp.timestamp };

  r = expect("startNext");
  await jobs.publishStartNextPendingJobExecution({ ...t, clientToken: "v1-start", stepTimeoutInMinutes: 5,
                                                   statusDetails: { step: "1" } }, QOS);
  r = await within(r.promise, "v1 start-next/accepted");
  out.startNext = { jobId: r.resp.execution.jobId, status: r.resp.execution.status,
                    versionNumber: r.resp.execution.versionNumber, jobDocument: r.resp.execution.jobDocument };

  r = expect("describe");
  await jobs.publishDescribeJobExecution({ ...t, jobId: v1Job, includeJobDocument: true, clientToken: "v1-d" }, QOS);
  r = await within(r.promise, "v1 describe/accepted");
  out.describe = { jobId: r.resp.execution.jobId, status: r.resp.execution.status,
                   statusDetails: r.resp.execution.statusDetails };

  r = expect("update");
  await jobs.publishUpdateJobExecution({ ...t, jobId: v1Job, status: "SUCCEEDED", expectedVersion: 2,
                                         includeJobExecutionState: true, clientToken: "v1-u" }, QOS);
  r = await within(r.promise, "v1 update/accepted");
  out.update = { state: r.resp.executionState, clientToken: r.resp.clientToken };

  r = expect("missing");
  await jobs.publishDescribeJobExecution({ ...t, jobId: "missing-job", clientToken: "v1-m" }, QOS);
  r = await within(r.promise, "v1 describe/rejected");
  out.missing = { code: r.resp.code, clientToken: r.resp.clientToken };

  await within(emptied.promise, "v1 notify-next with no execution");
  out.notifyNext = nextEvents.map((ev) => (ev.execution ? ev.execution.jobId : null));
  await conn.disconnect();
  return out;
}

async function v2Loop() {
  const out = {};
  const client = new mqtt5.Mqtt5Client({
    hostName: host, port,
    connectProperties: { clientId: `sdk-v2-${v2Thing}`, keepAliveIntervalSeconds: 30 },
    sessionBehavior: mqtt5.ClientSessionBehavior.Clean,
  });
  const connected = new Promise((resolve, reject) => {
    client.on("connectionSuccess", resolve);
    client.on("connectionFailure", (e) => reject(e.error));
  });
  client.start();
  await within(connected, "v2 connect");
  const jobs = iotjobs.IotJobsClientv2.newFromMqtt5(client, {
    maxRequestResponseSubscriptions: 4, maxStreamingSubscriptions: 2, operationTimeoutInSeconds: 10,
  });

  const emptiedNext = deferred();
  const emptiedList = deferred();
  const nextEvents = [];
  const open = (stream, what) => new Promise((resolve, reject) => {
    stream.on("subscriptionStatus", (ev) => {
      if (ev.type === 0) resolve();  // SubscriptionEstablished
      else reject(new Error(`${what} subscription failed: ${JSON.stringify(ev)}`));
    });
    stream.open();
  });
  const nextStream = jobs.createNextJobExecutionChangedStream({ thingName: v2Thing });
  nextStream.on("incomingPublish", (ev) => {
    nextEvents.push(ev.message.execution ? ev.message.execution.jobId : null);
    if (!ev.message.execution) emptiedNext.resolve();
  });
  const listStream = jobs.createJobExecutionsChangedStream({ thingName: v2Thing });
  listStream.on("incomingPublish", (ev) => {
    if (ev.message.jobs && Object.keys(ev.message.jobs).length === 0) emptiedList.resolve(ev.message);
  });
  await within(open(nextStream, "notify-next"), "v2 notify-next stream");
  await within(open(listStream, "notify"), "v2 notify stream");

  const pending = await jobs.getPendingJobExecutions({ thingName: v2Thing });
  out.get = { queued: pending.queuedJobs.map((j) => j.jobId), hasToken: typeof pending.clientToken === "string" };
  const started = await jobs.startNextPendingJobExecution({ thingName: v2Thing, stepTimeoutInMinutes: 5 });
  out.startNext = { jobId: started.execution.jobId, status: started.execution.status,
                    jobDocument: started.execution.jobDocument };
  const described = await jobs.describeJobExecution({ thingName: v2Thing, jobId: v2Job, includeJobDocument: true });
  out.describe = { jobId: described.execution.jobId, versionNumber: described.execution.versionNumber };
  const updated = await jobs.updateJobExecution({ thingName: v2Thing, jobId: v2Job, status: "SUCCEEDED",
                                                  expectedVersion: 2, includeJobExecutionState: true });
  out.update = { state: updated.executionState };
  try {
    await jobs.describeJobExecution({ thingName: v2Thing, jobId: "missing-job" });
    out.missing = { code: "NO ERROR" };
  } catch (e) {
    out.missing = { code: e.modeledError ? e.modeledError.code : String(e) };
  }
  try {
    await jobs.updateJobExecution({ thingName: v2Thing, jobId: v2Job, status: "IN_PROGRESS" });
    out.terminal = { code: "NO ERROR" };
  } catch (e) {
    out.terminal = { code: e.modeledError ? e.modeledError.code : String(e),
                     state: e.modeledError ? e.modeledError.executionState : null };
  }
  await within(emptiedNext.promise, "v2 notify-next with no execution");
  out.notifyList = await within(emptiedList.promise, "v2 notify with no jobs");
  out.notifyNext = nextEvents;
  nextStream.close();
  listStream.close();
  jobs.close();
  client.stop();
  client.close();
  return out;
}

(async () => {
  try {
    const v1 = await v1Loop();
    const v2 = await v2Loop();
    console.log(JSON.stringify({ v1, v2 }));
    process.exit(0);
  } catch (e) {
    console.error("device loop failed:", e && e.stack ? e.stack : e);
    process.exit(1);
  }
})();
