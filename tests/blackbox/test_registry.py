"""Thing registry (digest §2.3), endpoints, tags and event configurations."""
import json
import re

import pytest
from botocore.exceptions import ClientError

from fjtest import (ACCOUNT, REGION, assert_recent_datetime, expect_error, group_arn, job_arn, status_of,
                    template_arn, thing_arn, uniq)

GROUP_ID_RE = re.compile(r"^[a-zA-Z0-9\-]{1,128}$")


# ---------------------------------------------------------------- things


def test_create_and_describe_thing(iot):
    name = uniq("thing")
    created = iot.create_thing(thingName=name, attributePayload={"attributes": {"model": "x1", "fw": "1.0"}})
    assert status_of(created) == 200
    assert created["ResponseMetadata"]["RequestId"]
    assert created["thingName"] == name
    assert created["thingArn"] == thing_arn(name)
    assert isinstance(created["thingId"], str) and created["thingId"]

    d = iot.describe_thing(thingName=name)
    assert d["thingName"] == name
    assert d["thingArn"] == thing_arn(name)
    assert d["thingId"] == created["thingId"]
    assert d["attributes"] == {"model": "x1", "fw": "1.0"}
    assert d["version"] == 1 and type(d["version"]) is int
    assert d["defaultClientId"] == name
    assert "thingTypeName" not in d


def test_thing_ids_are_distinct(iot):
    a, b = uniq("thing"), uniq("thing")
    ida = iot.create_thing(thingName=a)["thingId"]
    idb = iot.create_thing(thingName=b)["thingId"]
    assert ida != idb


def test_create_thing_identical_is_idempotent_different_conflicts(iot):
    name = uniq("thing")
    first = iot.create_thing(thingName=name, attributePayload={"attributes": {"a": "1"}})
    again = iot.create_thing(thingName=name, attributePayload={"attributes": {"a": "1"}})
    assert again["thingId"] == first["thingId"]
    assert again["thingArn"] == first["thingArn"]
    resp = expect_error("ResourceAlreadyExistsException", iot.create_thing, thingName=name,
                        attributePayload={"attributes": {"a": "2"}})
    assert status_of(resp) == 409
    # the failed create changed nothing
    assert iot.describe_thing(thingName=name)["attributes"] == {"a": "1"}


def test_describe_missing_thing(iot):
    resp = expect_error("ResourceNotFoundException", iot.describe_thing, thingName=uniq("nothing"))
    assert status_of(resp) == 404
    assert resp["Error"]["Message"]


def test_delete_thing(iot):
    name = uniq("thing")
    iot.create_thing(thingName=name)
    assert status_of(iot.delete_thing(thingName=name)) == 200
    expect_error("ResourceNotFoundException", iot.describe_thing, thingName=name)
    # deleting a thing that does not exist succeeds (AWS behaviour)
    assert status_of(iot.delete_thing(thingName=name)) == 200


def test_delete_thing_expected_version(iot):
    name = uniq("thing")
    iot.create_thing(thingName=name)
    resp = expect_error("VersionConflictException", iot.delete_thing, thingName=name, expectedVersion=7)
    assert status_of(resp) == 409
    iot.describe_thing(thingName=name)  # still there
    iot.delete_thing(thingName=name, expectedVersion=1)
    expect_error("ResourceNotFoundException", iot.describe_thing, thingName=name)


def test_list_things_filter_and_pagination(iot):
    marker = uniq("attr")
    names = sorted(uniq("lt") for _ in range(3))
    for n in names:
        iot.create_thing(thingName=n, attributePayload={"attributes": {"batch": marker}})
    iot.create_thing(thingName=uniq("lt"), attributePayload={"attributes": {"batch": marker + "x"}})

    listed = iot.list_things(attributeName="batch", attributeValue=marker)
    assert "nextToken" not in listed
    assert sorted(t["thingName"] for t in listed["things"]) == names
    for t in listed["things"]:
        assert t["thingArn"] == thing_arn(t["thingName"])
        assert t["attributes"] == {"batch": marker}
        assert t["version"] == 1

    seen, token, pages = [], None, 0
    while True:
        kwargs = {"attributeName": "batch", "attributeValue": marker, "maxResults": 1}
        if token:
            kwargs["nextToken"] = token
        page = iot.list_things(**kwargs)
        pages += 1
        assert len(page["things"]) == 1
        seen += [t["thingName"] for t in page["things"]]
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 10
    assert pages == 3
    assert sorted(seen) == names

    prefixed = iot.list_things(attributeName="batch", attributeValue=marker[:-1], usePrefixAttributeValue=True)
    assert set(names) <= {t["thingName"] for t in prefixed["things"]}


# ---------------------------------------------------------------- thing groups


@pytest.fixture
def hierarchy(iot):
    """parent <- child <- grandchild, each holding one thing."""
    stem = uniq("h")  # suffixes after "-" keep each name from prefixing another test's names
    parent, child, grand = f"{stem}-p", f"{stem}-c", f"{stem}-g"
    p = iot.create_thing_group(thingGroupName=parent,
                               thingGroupProperties={"thingGroupDescription": "top",
                                                     "attributePayload": {"attributes": {"k": "v"}}})
    c = iot.create_thing_group(thingGroupName=child, parentGroupName=parent)
    g = iot.create_thing_group(thingGroupName=grand, parentGroupName=child)
    things = {}
    for group in (parent, child, grand):
        t = uniq("gt")
        iot.create_thing(thingName=t)
        iot.add_thing_to_thing_group(thingGroupName=group, thingName=t)
        things[group] = t
    return {"parent": parent, "child": child, "grand": grand, "things": things,
            "created": {parent: p, child: c, grand: g}}


def test_create_and_describe_group_hierarchy(iot, hierarchy):
    parent, child, grand = hierarchy["parent"], hierarchy["child"], hierarchy["grand"]
    created = hierarchy["created"][parent]
    assert created["thingGroupName"] == parent
    assert created["thingGroupArn"] == group_arn(parent)
    assert GROUP_ID_RE.match(created["thingGroupId"])

    top = iot.describe_thing_group(thingGroupName=parent)
    assert top["thingGroupName"] == parent
    assert top["thingGroupArn"] == group_arn(parent)
    assert top["thingGroupId"] == created["thingGroupId"]
    assert type(top["version"]) is int and top["version"] == 1
    assert top["thingGroupProperties"]["thingGroupDescription"] == "top"
    assert top["thingGroupProperties"]["attributePayload"]["attributes"] == {"k": "v"}
    meta = top["thingGroupMetadata"]
    assert "parentGroupName" not in meta
    assert meta.get("rootToParentThingGroups", []) == []
    assert_recent_datetime(meta["creationDate"])
    for dynamic_only in ("indexName", "queryString", "queryVersion", "status"):
        assert dynamic_only not in top

    g = iot.describe_thing_group(thingGroupName=grand)
    assert g["thingGroupMetadata"]["parentGroupName"] == child
    assert g["thingGroupMetadata"]["rootToParentThingGroups"] == [
        {"groupName": parent, "groupArn": group_arn(parent)},
        {"groupName": child, "groupArn": group_arn(child)},
    ]
    c = iot.describe_thing_group(thingGroupName=child)
    assert c["thingGroupMetadata"]["rootToParentThingGroups"] == [
        {"groupName": parent, "groupArn": group_arn(parent)}]


def test_create_group_identical_is_idempotent_different_conflicts(iot):
    parent, name = uniq("g"), uniq("g")
    iot.create_thing_group(thingGroupName=parent)
    first = iot.create_thing_group(thingGroupName=name, parentGroupName=parent)
    again = iot.create_thing_group(thingGroupName=name, parentGroupName=parent)
    assert again["thingGroupId"] == first["thingGroupId"]
    assert again["thingGroupArn"] == first["thingGroupArn"]
    resp = expect_error("ResourceAlreadyExistsException", iot.create_thing_group, thingGroupName=name,
                        thingGroupProperties={"thingGroupDescription": "other"})
    assert status_of(resp) == 409
    assert iot.describe_thing_group(thingGroupName=name)["thingGroupMetadata"]["parentGroupName"] == parent


def test_create_group_with_unknown_parent(iot):
    name = uniq("g")
    resp = expect_error(("ResourceNotFoundException", "InvalidRequestException"), iot.create_thing_group,
                        thingGroupName=name, parentGroupName=uniq("missing"))
    assert status_of(resp) in (400, 404)
    expect_error("ResourceNotFoundException", iot.describe_thing_group, thingGroupName=name)


def test_membership_add_list_remove(iot):
    g1, g2, t = uniq("g"), uniq("g"), uniq("t")
    iot.create_thing_group(thingGroupName=g1)
    iot.create_thing_group(thingGroupName=g2)
    iot.create_thing(thingName=t)
    assert iot.list_thing_groups_for_thing(thingName=t)["thingGroups"] == []

    assert status_of(iot.add_thing_to_thing_group(thingGroupName=g1, thingName=t)) == 200
    iot.add_thing_to_thing_group(thingGroupArn=group_arn(g2), thingArn=thing_arn(t))
    iot.add_thing_to_thing_group(thingGroupName=g1, thingName=t)  # again: no duplicate
    groups = iot.list_thing_groups_for_thing(thingName=t)["thingGroups"]
    assert sorted(groups, key=lambda g: g["groupName"]) == sorted(
        [{"groupName": g1, "groupArn": group_arn(g1)}, {"groupName": g2, "groupArn": group_arn(g2)}],
        key=lambda g: g["groupName"])
    assert iot.list_things_in_thing_group(thingGroupName=g1)["things"] == [t]

    assert status_of(iot.remove_thing_from_thing_group(thingGroupName=g1, thingName=t)) == 200
    assert iot.list_things_in_thing_group(thingGroupName=g1)["things"] == []
    iot.remove_thing_from_thing_group(thingGroupArn=group_arn(g2), thingArn=thing_arn(t))
    assert iot.list_thing_groups_for_thing(thingName=t)["thingGroups"] == []


def test_membership_unknown_thing_or_group(iot):
    g, t = uniq("g"), uniq("t")
    iot.create_thing_group(thingGroupName=g)
    iot.create_thing(thingName=t)
    expect_error("ResourceNotFoundException", iot.add_thing_to_thing_group, thingGroupName=g,
                 thingName=uniq("missing"))
    expect_error("ResourceNotFoundException", iot.add_thing_to_thing_group, thingGroupName=uniq("missing"),
                 thingName=t)


def test_list_things_in_group_recursive(iot, hierarchy):
    things = hierarchy["things"]
    parent, child = hierarchy["parent"], hierarchy["child"]
    direct = iot.list_things_in_thing_group(thingGroupName=parent)["things"]
    assert direct == [things[parent]]
    explicit = iot.list_things_in_thing_group(thingGroupName=parent, recursive=False)["things"]
    assert explicit == [things[parent]]
    everything = iot.list_things_in_thing_group(thingGroupName=parent, recursive=True)["things"]
    assert sorted(everything) == sorted(things.values())
    below_child = iot.list_things_in_thing_group(thingGroupName=child, recursive=True)["things"]
    assert sorted(below_child) == sorted([things[child], things[hierarchy["grand"]]])


def test_list_things_in_group_pagination(iot):
    g = uniq("g")
    iot.create_thing_group(thingGroupName=g)
    members = []
    for _ in range(3):
        t = uniq("t")
        iot.create_thing(thingName=t)
        iot.add_thing_to_thing_group(thingGroupName=g, thingName=t)
        members.append(t)
    seen = []
    for page in iot.get_paginator("list_things_in_thing_group").paginate(
            thingGroupName=g, PaginationConfig={"PageSize": 2}):
        assert len(page["things"]) <= 2
        seen += page["things"]
    assert sorted(seen) == sorted(members)


def test_list_thing_groups_filters(iot, hierarchy):
    parent, child, grand = hierarchy["parent"], hierarchy["child"], hierarchy["grand"]

    def names(**kwargs):
        return sorted(g["groupName"] for g in iot.list_thing_groups(**kwargs)["thingGroups"])

    assert names(parentGroup=parent, recursive=False) == [child]
    assert names(parentGroup=parent, recursive=True) == sorted([child, grand])
    assert names(parentGroup=grand, recursive=True) == []
    assert names(namePrefixFilter=grand, recursive=True) == [grand]
    assert names(namePrefixFilter=parent, recursive=True) == [parent]
    groups = iot.list_thing_groups(namePrefixFilter=child, recursive=True)["thingGroups"]
    assert groups == [{"groupName": child, "groupArn": group_arn(child)}]


def test_list_thing_groups_prefix_and_pagination(iot):
    stem = uniq("pfx") + "-"
    made = sorted(f"{stem}{i}" for i in range(3))
    for n in made:
        iot.create_thing_group(thingGroupName=n)
    iot.create_thing_group(thingGroupName=uniq("other"))
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"namePrefixFilter": stem, "recursive": True, "maxResults": 1}
        if token:
            kwargs["nextToken"] = token
        page = iot.list_thing_groups(**kwargs)
        pages += 1
        seen += [g["groupName"] for g in page["thingGroups"]]
        token = page.get("nextToken")
        if not token:
            break
        assert pages < 10
    assert sorted(seen) == made
    assert pages == 3


def test_delete_thing_group(iot):
    g, t = uniq("g"), uniq("t")
    iot.create_thing_group(thingGroupName=g)
    iot.create_thing(thingName=t)
    iot.add_thing_to_thing_group(thingGroupName=g, thingName=t)
    assert status_of(iot.delete_thing_group(thingGroupName=g)) == 200
    expect_error("ResourceNotFoundException", iot.describe_thing_group, thingGroupName=g)
    assert iot.list_thing_groups_for_thing(thingName=t)["thingGroups"] == []
    iot.describe_thing(thingName=t)  # the thing survives its group


# ---------------------------------------------------------------- endpoint, tags, event configurations


@pytest.mark.parametrize("endpoint_type", ["iot:Jobs", "iot:Data-ATS"])
def test_describe_endpoint(iot, endpoint_type):
    resp = iot.describe_endpoint(endpointType=endpoint_type)
    assert isinstance(resp["endpointAddress"], str) and resp["endpointAddress"]
    assert "://" not in resp["endpointAddress"]  # AWS returns a host name, no scheme


def test_describe_endpoint_bad_type(iot):
    expect_error("InvalidRequestException", iot.describe_endpoint, endpointType="iot:Bogus")


def _tags(iot, arn):
    return sorted((t["Key"], t["Value"]) for t in iot.list_tags_for_resource(resourceArn=arn)["tags"])


def test_job_tags(iot, fleet):
    t = fleet.thing()
    job_id = fleet.job(things=[t], tags=[{"Key": "team", "Value": "fw"}, {"Key": "env", "Value": "lab"}])
    arn = job_arn(job_id)
    assert _tags(iot, arn) == [("env", "lab"), ("team", "fw")]
    assert status_of(iot.tag_resource(resourceArn=arn, tags=[{"Key": "owner", "Value": "me"},
                                                              {"Key": "env", "Value": "prod"}])) == 200
    assert _tags(iot, arn) == [("env", "prod"), ("owner", "me"), ("team", "fw")]
    assert status_of(iot.untag_resource(resourceArn=arn, tagKeys=["team", "nope"])) == 200
    assert _tags(iot, arn) == [("env", "prod"), ("owner", "me")]


def test_template_tags(iot):
    tid = uniq("tmpl")
    created = iot.create_job_template(jobTemplateId=tid, description="d", document=json.dumps({"a": 1}),
                                      tags=[{"Key": "k", "Value": "v"}])
    assert created["jobTemplateArn"] == template_arn(tid)
    assert _tags(iot, template_arn(tid)) == [("k", "v")]
    iot.tag_resource(resourceArn=template_arn(tid), tags=[{"Key": "k2", "Value": ""}])
    assert _tags(iot, template_arn(tid)) == [("k", "v"), ("k2", "")]


def test_tags_on_unknown_resource(iot):
    arn = job_arn(uniq("missing"))
    expect_error("ResourceNotFoundException", iot.list_tags_for_resource, resourceArn=arn)
    expect_error("ResourceNotFoundException", iot.tag_resource, resourceArn=arn,
                 tags=[{"Key": "a", "Value": "b"}])


def test_tags_bad_arn(iot):
    with pytest.raises(ClientError) as e:
        iot.list_tags_for_resource(resourceArn="not-an-arn")
    assert e.value.response["Error"]["Code"] in ("InvalidRequestException", "ResourceNotFoundException")


def test_event_configurations(iot):
    before = iot.describe_event_configurations()
    conf = before["eventConfigurations"]
    assert isinstance(conf, dict)
    for kind in ("JOB", "JOB_EXECUTION"):
        assert conf.get(kind, {"Enabled": False}) == {"Enabled": False}, "job events are off until enabled"

    assert status_of(iot.update_event_configurations(
        eventConfigurations={"JOB": {"Enabled": True}})) == 200
    after = iot.describe_event_configurations()["eventConfigurations"]
    assert after["JOB"] == {"Enabled": True}
    assert after.get("JOB_EXECUTION", {"Enabled": False}) == {"Enabled": False}

    iot.update_event_configurations(eventConfigurations={"JOB_EXECUTION": {"Enabled": True},
                                                         "JOB": {"Enabled": False}})
    final = iot.describe_event_configurations()
    assert final["eventConfigurations"]["JOB"] == {"Enabled": False}
    assert final["eventConfigurations"]["JOB_EXECUTION"] == {"Enabled": True}
    for key in ("creationDate", "lastModifiedDate"):
        if key in final:
            assert_recent_datetime(final[key], slack_s=3600)


def test_arns_use_region_and_account(iot):
    name = uniq("thing")
    arn = iot.create_thing(thingName=name)["thingArn"]
    assert arn.split(":")[3:5] == [REGION, ACCOUNT]
