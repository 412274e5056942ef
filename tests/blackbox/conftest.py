"""Fixtures for the fleetjobs black-box tests.

* `server`: one `fleetjobs serve` per test module (own temporary data dir, the session's credentials
  file); tests share it and keep apart through unique names (`fjtest.uniq`). Teardown asserts that
  SIGTERM stops it with exit code 0.
* `fresh_server`: a factory for extra servers (restart, --auth none, --data-plane-listen tests);
  whatever it started and is still running is killed after the test.
* `iot` / `data`: admin boto3 clients (control plane `iot`, data plane `iot-jobs-data`) of `server`.
* `thing_key`: a factory handing out (thingName, iot-jobs-data client, iot client) signed with that
  thing's own `thing:NAME` key; the thing is created in the registry.
* `fleet`: an `fjtest.Fleet` bound to `iot` (unique things, groups and jobs in one call).
* `broker`: a mosquitto on a free loopback port for the test module (`mqttfix.Broker`); `mqtt_server`: a
  `fleetjobs serve --mqtt` connected to it, with `miot`/`mdata` (its boto3 clients) and `mfleet`; `device(thing)`:
  a factory of paho clients (`mqttfix.Device`) subscribed to the thing's jobs topics, closed after the test.
* `vserver`: a `fleetjobs serve --virtual-clock` of its own for each test (fresh data dir), with
  `vclock` (a `vclock.VirtualClock`), `advance(seconds)` -> the new virtual now, `viot`, `vdata` and
  `vfleet` bound to it. Job-engine tests (timers, rollout, scheduling) use these and never sleep.
"""
import pytest

import fjtest
import mqttfix
import vclock as vclock_mod


@pytest.fixture(scope="session")
def credentials_file(tmp_path_factory):
    return fjtest.write_credentials(tmp_path_factory.mktemp("creds") / "credentials")


@pytest.fixture(scope="module")
def server(tmp_path_factory, credentials_file):
    base = tmp_path_factory.mktemp("server")
    proc = fjtest.ServerProcess(base / "data", base / "logs", credentials=credentials_file)
    proc.start()
    yield proc
    if proc.running:
        rc = proc.stop()
        assert rc == 0, f"fleetjobs exited {rc} on SIGTERM; stderr:\n{proc.stderr_text()}"


@pytest.fixture
def fresh_server(tmp_path, credentials_file):
    started = []

    def start(data_dir=None, credentials=credentials_file, auth=True, data_plane=False, extra_args=()):
        data_dir = data_dir or tmp_path / f"data-{len(started)}"
        proc = fjtest.ServerProcess(data_dir, tmp_path / "logs", credentials=credentials, auth=auth,
                                    data_plane=data_plane, extra_args=extra_args)
        started.append(proc)
        return proc.start()

    yield start
    for proc in started:
        if proc.running:
            proc.kill9()


@pytest.fixture(scope="module")
def iot(server):
    return server.iot()


@pytest.fixture(scope="module")
def data(server):
    return server.data()


@pytest.fixture
def fleet(iot):
    return fjtest.Fleet(iot)


@pytest.fixture
def thing_key(server, iot):
    def take():
        name = server.take_thing_key()
        iot.create_thing(thingName=name)
        key, secret = fjtest.THING_KEYS[name]
        return name, server.data(key, secret), server.iot(key, secret)

    return take


@pytest.fixture
def vserver(tmp_path, credentials_file):
    proc = vclock_mod.start_virtual_server(tmp_path / "vdata", tmp_path / "vlogs", credentials_file)
    yield proc
    vclock_mod.stop_cleanly(proc)


@pytest.fixture
def vclock(vserver):
    return vclock_mod.VirtualClock(vserver)


@pytest.fixture
def advance(vclock):
    return vclock.advance


@pytest.fixture
def viot(vserver):
    return vserver.iot()


@pytest.fixture
def vdata(vserver):
    return vserver.data()


@pytest.fixture
def vfleet(viot):
    return fjtest.Fleet(viot)


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    b = mqttfix.Broker(tmp_path_factory.mktemp("broker")).start()
    yield b
    b.stop()


@pytest.fixture(scope="module")
def mqtt_server(tmp_path_factory, credentials_file, broker):
    base = tmp_path_factory.mktemp("mqtt-server")
    proc = mqttfix.start_mqtt_server(base / "data", base / "logs", credentials_file, broker.port)
    yield proc
    if proc.running:
        rc = proc.stop()
        assert rc == 0, f"fleetjobs exited {rc} on SIGTERM; stderr:\n{proc.stderr_text()}"


@pytest.fixture(scope="module")
def miot(mqtt_server):
    return mqtt_server.iot()


@pytest.fixture(scope="module")
def mdata(mqtt_server):
    return mqtt_server.data()


@pytest.fixture
def mfleet(miot):
    return fjtest.Fleet(miot)


@pytest.fixture
def device(broker):
    made = []

    def make(thing=None, **kwargs):
        d = mqttfix.Device(kwargs.pop("port", broker.port), thing, **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()
