"""`fleetjobs import-things`: offline bulk load of things and memberships (docs/import.md)."""
import subprocess

from fjtest import REGION, ACCOUNT, binary

RUN_TIMEOUT_S = 60


def import_things(path, data_dir, *extra):
    return subprocess.run([str(binary()), "import-things", str(path), "--data-dir", str(data_dir),
                           "--region", REGION, "--account-id", ACCOUNT, *extra],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)


GOOD_CSV = """thingName,attributes,groups
# a comment
imp-a,fw=1.0;room=lab,imp-g1;imp-g2
imp-b,,imp-g1
"imp-c","loc=x,y",
"""


def test_bad_line_loads_nothing_then_good_file_loads_all(tmp_path, fresh_server):
    data_dir = tmp_path / "data"
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD_CSV + "imp-d,a=1;a=2,imp-g1\nbad name,,imp-g1\n")
    r = import_things(bad, data_dir)
    assert r.returncode == 1, r
    assert "line 6: attribute a given twice" in r.stdout, r.stdout
    assert "line 7: " in r.stdout and "thingName" in r.stdout, r.stdout
    assert "nothing imported: 2 bad line(s)" in r.stdout, r.stdout

    srv = fresh_server(data_dir=data_dir)
    iot = srv.iot()
    assert iot.list_things()["things"] == []
    assert iot.list_thing_groups()["thingGroups"] == []
    assert srv.stop() == 0

    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV)
    r = import_things(good, data_dir)
    assert r.returncode == 0, r
    assert "3 things created" in r.stdout and "2 groups created" in r.stdout, r.stdout
    assert "3 memberships added" in r.stdout, r.stdout

    srv = fresh_server(data_dir=data_dir)
    iot = srv.iot()
    assert sorted(t["thingName"] for t in iot.list_things()["things"]) == ["imp-a", "imp-b", "imp-c"]
    a = iot.describe_thing(thingName="imp-a")
    assert a["attributes"] == {"fw": "1.0", "room": "lab"}
    assert a["version"] == 1
    assert iot.describe_thing(thingName="imp-c")["attributes"] == {"loc": "x,y"}
    assert sorted(iot.list_things_in_thing_group(thingGroupName="imp-g1")["things"]) == ["imp-a", "imp-b"]
    assert iot.list_things_in_thing_group(thingGroupName="imp-g2")["things"] == ["imp-a"]
    groups = iot.list_thing_groups_for_thing(thingName="imp-a")["thingGroups"]
    assert sorted(g["groupName"] for g in groups) == ["imp-g1", "imp-g2"]
    # the imported group is a real group: a job targeting it reaches both things
    iot.create_job(jobId="imp-job", targets=[iot.describe_thing_group(thingGroupName="imp-g1")["thingGroupArn"]],
                   document="{}")
    assert iot.describe_job(jobId="imp-job")["job"]["jobProcessDetails"]["numberOfQueuedThings"] == 2
    assert srv.stop() == 0


def test_json_lines_and_refusal_while_a_server_runs(tmp_path, fresh_server):
    data_dir = tmp_path / "data"
    srv = fresh_server(data_dir=data_dir)
    lines = tmp_path / "things.jsonl"
    lines.write_text('{"thingName":"j-1","attributes":{"k":"v"},"groups":["j-g"]}\n{"thingName":"j-2"}\n')
    r = import_things(lines, data_dir)
    assert r.returncode == 2, r
    assert "server" in r.stderr and "stop it first" in r.stderr, r.stderr
    assert srv.iot().list_things()["things"] == []
    assert srv.stop() == 0

    r = import_things(lines, data_dir)
    assert r.returncode == 0, r
    srv = fresh_server(data_dir=data_dir)
    assert srv.iot().describe_thing(thingName="j-1")["attributes"] == {"k": "v"}
    assert srv.iot().list_things_in_thing_group(thingGroupName="j-g")["things"] == ["j-1"]
    assert srv.stop() == 0
