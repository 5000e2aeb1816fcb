"""Reader edge cases pinned by the official SDK's reader tests (protocol section 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from console.api import types as t
from console.api.enums import (
    Architecture,
    InheritableBoolean,
    NetworkUsage,
    RngSource,
    SwitchType,
    VmStatus,
)
from console.api.reader import parse


def vm(body: str) -> t.Vm:
    record = parse(f'<vm id="123" href="/ovirt-engine/api/vms/123">{body}</vm>'.encode())
    assert isinstance(record, t.Vm)
    return record


# --- booleans -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("false", False),
        ("TRUE", True),
        ("False", False),
        ("tRuE", True),
        ("1", True),
        ("0", False),
        (" true ", True),
    ],
)
def test_booleans_in_every_spelling(text: str, value: bool) -> None:
    assert vm(f"<stateless>{text}</stateless>").stateless is value


@pytest.mark.parametrize("text", ["yes", "2", "truthy"])
def test_unreadable_boolean_is_unset_and_the_rest_still_reads(text: str) -> None:
    record = vm(f"<stateless>{text}</stateless><name>a</name>")
    assert record.stateless is None and record.name == "a"


# --- numbers --------------------------------------------------------------------------


def test_integers_including_64_bit_and_negative() -> None:
    record = vm(
        "<memory>9223372036854775807</memory><migration_downtime>-1</migration_downtime>"
        "<cpu_shares>0</cpu_shares>"
    )
    assert record.memory == 2**63 - 1 and record.migration_downtime == -1
    assert record.cpu_shares == 0


def test_unreadable_integer_is_unset() -> None:
    assert vm("<memory>lots</memory>").memory is None


def test_decimals() -> None:
    host = parse(b"<host><cpu><speed>2100.5</speed></cpu></host>")
    assert host.cpu.speed == 2100.5
    stat = parse(b"<statistic><values><value><datum>0.080</datum></value></values></statistic>")
    assert stat.datum == pytest.approx(0.08)
    assert parse(b"<host><cpu><speed>97</speed></cpu></host>").cpu.speed == 97.0


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2020-02-03T18:51:47.577+01:00",
            datetime(2020, 2, 3, 18, 51, 47, 577000, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2015-12-10T22:00:30+01:00", datetime(2015, 12, 10, 21, 0, 30, tzinfo=UTC)),
        ("2015-12-10T22:00:30Z", datetime(2015, 12, 10, 22, 0, 30, tzinfo=UTC)),
        ("2015-12-10T22:00:30.123Z", datetime(2015, 12, 10, 22, 0, 30, 123000, tzinfo=UTC)),
        ("2016-09-11T12:54:21.551-05:30", datetime(2016, 9, 11, 18, 24, 21, 551000, tzinfo=UTC)),
        ("2015-12-10T22:00:30", datetime(2015, 12, 10, 22, 0, 30, tzinfo=UTC)),
    ],
)
def test_dates_are_timezone_aware(text: str, expected: datetime) -> None:
    start = vm(f"<start_time>{text}</start_time>").start_time
    assert start == expected and start.tzinfo is not None


def test_unreadable_date_is_unset() -> None:
    assert vm("<start_time>yesterday</start_time>").start_time is None


# --- strings, empty and absent -------------------------------------------------------


def test_empty_string_absent_string_and_empty_scalars() -> None:
    record = vm("<description></description><memory/><stateless></stateless><status/>")
    assert record.description == ""  # engine's empty string
    assert record.comment is None  # absent
    assert record.memory is None and record.stateless is None and record.status is None


def test_whitespace_inside_text_is_kept() -> None:
    assert vm("<description>  two  words </description>").description == "  two  words "


def test_utf8_names() -> None:
    name = "máquina-ñ-日本語-ü"
    doc = f'<?xml version="1.0" encoding="UTF-8"?><vms><vm id="1"><name>{name}</name></vm></vms>'
    assert parse(doc.encode("utf-8"))[0].name == name


def test_escaped_markup_in_text() -> None:
    assert vm("<name>web[1] &lt;prod&gt; &amp; co</name>").name == "web[1] <prod> & co"


def test_attributes_id_and_href() -> None:
    assert parse(b'<vm id=""/>').id == ""  # SDK: <root id=""/> -> ''
    record = parse(b"<vm/>")
    assert record.id is None and record.href is None  # missing attribute -> None


# --- lists ----------------------------------------------------------------------------


def test_self_closing_and_open_close_empty_lists_are_both_empty() -> None:
    for document in (b"<vms/>", b"<vms></vms>", b"<vms>\n  </vms>"):
        assert parse(document) == []
    assert vm("<nics/>").nics == [] and vm("<nics></nics>").nics == []
    assert vm("").nics is None  # no wrapper at all


def test_lists_of_enum_values_and_an_empty_list_before_a_value() -> None:
    cluster = parse(
        b"<cluster><required_rng_sources/><switch_type>ovs</switch_type></cluster>"
    )
    assert cluster.required_rng_sources == [] and cluster.switch_type is SwitchType.OVS
    network = parse(b"<network><usages><usage>vm</usage><usage>display</usage></usages></network>")
    assert network.usages == [NetworkUsage.VM, NetworkUsage.DISPLAY]


def test_inline_collections_from_follow() -> None:
    record = vm(
        "<disk_attachments><disk_attachment id='d1'><interface>virtio_scsi</interface>"
        "<disk href='/ovirt-engine/api/disks/d1' id='d1'><alias>root</alias>"
        "<provisioned_size>10737418240</provisioned_size></disk></disk_attachment>"
        "</disk_attachments>"
        "<nics><nic id='n1'><name>nic1</name><reported_devices><reported_device id='r1'>"
        "<ips><ip><address>10.0.0.5</address><version>v4</version></ip></ips>"
        "</reported_device></reported_devices></nic></nics>"
        "<statistics><statistic id='s1'><name>cpu.current.total</name>"
        "<values><value><datum>12.5</datum></value></values></statistic></statistics>"
    )
    (attachment,) = record.disk_attachments
    assert attachment.interface == "virtio_scsi"
    assert isinstance(attachment.disk, t.Disk) and attachment.disk.alias == "root"
    assert attachment.disk.provisioned_size == 10737418240
    assert [ip.address for ip in record.nics[0].ips] == ["10.0.0.5"]
    assert record.statistics[0].name == "cpu.current.total" and record.statistics[0].datum == 12.5


# --- references -----------------------------------------------------------------------


def test_reference_is_a_ref_and_followed_reference_is_the_full_record() -> None:
    bare = vm('<cluster href="/ovirt-engine/api/clusters/c1" id="c1"/>')
    assert bare.cluster == t.Ref(id="c1", href="/ovirt-engine/api/clusters/c1")
    assert bare.cluster.name is None
    followed = vm(
        '<cluster href="/ovirt-engine/api/clusters/c1" id="c1"><name>prod</name>'
        "<cpu><type>Intel Nehalem Family</type></cpu></cluster>"
    )
    assert isinstance(followed.cluster, t.Cluster)
    assert (followed.cluster.id, followed.cluster.name) == ("c1", "prod")
    assert followed.cluster.cpu.type == "Intel Nehalem Family"


def test_followed_reference_to_an_unmodelled_type_keeps_its_name() -> None:
    record = vm('<cpu_profile id="p1" href="/x/p1"><name>gold</name><qos id="q"/></cpu_profile>')
    assert record.cpu_profile == t.Ref(id="p1", href="/x/p1", name="gold")


def test_references_are_shared_within_a_document() -> None:
    vms = parse(
        b'<vms><vm id="1"><cluster id="c" href="/c"/></vm><vm id="2"><cluster id="c" href="/c"/>'
        b"</vm></vms>"
    )
    assert vms[0].cluster is vms[1].cluster


def test_refs_are_read_only() -> None:
    ref = vm('<host id="h" href="/h"/>').host
    with pytest.raises(AttributeError):
        ref.name = "changed"  # type: ignore[misc]


# --- links and actions ----------------------------------------------------------------


def test_links_and_inline_list_are_both_kept() -> None:
    record = vm(
        '<link href="/ovirt-engine/api/vms/123/nics" rel="nics"/>'
        '<nics><nic id="n1"><name>eth0</name></nic></nics>'
    )
    assert record.links == {"nics": "/ovirt-engine/api/vms/123/nics"}
    assert [n.name for n in record.nics] == ["eth0"]


def test_link_without_rel_or_href_is_ignored_and_later_elements_still_read() -> None:
    record = vm('<link href="/x"/><link rel="nics"/><name>after</name>')
    assert record.links == {} and record.name == "after"


def test_irregular_links_keep_their_exact_hrefs() -> None:
    record = vm('<link rel="nics" href="/elsewhere/nics"/><link rel="tags" href="/ovirt-engine/api/vms/123/tags"/>')
    assert record.links == {
        "nics": "/elsewhere/nics",
        "tags": "/ovirt-engine/api/vms/123/tags",
    }


def test_actions_are_rel_names_and_an_empty_block_is_no_actions() -> None:
    record = vm(
        '<actions><link href="/ovirt-engine/api/vms/123/start" rel="start"/>'
        '<link href="/ovirt-engine/api/vms/123/stop" rel="stop"/></actions>'
    )
    assert record.actions == ("start", "stop")
    assert vm("<actions/>").actions == () and vm("").actions == ()


# --- enums and unknown elements -------------------------------------------------------


def test_enum_values_compare_as_their_text() -> None:
    record = vm("<status>up</status><cpu><architecture>x86_64</architecture></cpu>")
    assert record.status == "up" and record.status is VmStatus.UP
    assert record.cpu.architecture is Architecture.X86_64 and f"{record.status}" == "up"


def test_enum_matching_ignores_case_and_blanks() -> None:
    assert vm("<status> UP </status>").status is VmStatus.UP


@pytest.mark.parametrize(
    ("document", "read"),
    [
        (b"<vm><status>hibernating_on_mars</status></vm>", lambda r: r.status),
        (b"<cluster><switch_type>ugly</switch_type></cluster>", lambda r: r.switch_type),
        (b"<vm><migration><auto_converge>ugly</auto_converge></migration></vm>",
         lambda r: r.migration.auto_converge),
    ],
)
def test_unknown_enum_value_reads_as_the_raw_string(document: bytes, read) -> None:
    value = read(parse(document))
    assert type(value) is str and value in ("hibernating_on_mars", "ugly")


def test_unknown_values_in_enum_lists_are_kept_as_text() -> None:
    cluster = parse(
        b"<cluster><required_rng_sources><required_rng_source>random</required_rng_source>"
        b"<required_rng_source>quantum</required_rng_source></required_rng_sources></cluster>"
    )
    assert cluster.required_rng_sources == [RngSource.RANDOM, "quantum"]
    assert type(cluster.required_rng_sources[1]) is str
    assert InheritableBoolean("inherit") is InheritableBoolean.INHERIT


def test_unknown_elements_are_ignored_at_every_level() -> None:
    record = vm(
        "<future_feature><deep><er>1</er></deep></future_feature><name>a</name>"
        "<cpu><quantum_bits>4</quantum_bits><topology><cores>2</cores></topology></cpu>"
        "<!-- a comment --><?pi data?><memory>5</memory>"
    )
    assert (record.name, record.cpu.topology.cores, record.memory) == ("a", 2, 5)


def test_namespaced_or_foreign_child_elements_are_ignored() -> None:
    record = parse(b'<vm xmlns:x="urn:x"><x:name>no</x:name><name>yes</name></vm>')
    assert record.name == "yes"


def test_action_result_with_job_and_fault() -> None:
    action = parse(
        b"<action><job href='/ovirt-engine/api/jobs/j1' id='j1'/><status>failed</status>"
        b"<fault><reason>Operation Failed</reason><detail>[Cannot run VM. VM is running.]</detail>"
        b"</fault><vm href='/ovirt-engine/api/vms/1' id='1'/><async>false</async></action>"
    )
    assert action.status == "failed" and action.job.id == "j1" and action.vm.id == "1"
    assert action.fault == t.Fault(reason="Operation Failed", detail="[Cannot run VM. VM is running.]")
    assert action.async_ is False and action.correlation_id is None


def test_fault_reason_and_detail_are_optional() -> None:
    assert parse(b"<fault/>") == t.Fault()
    assert parse(b"<fault><reason>r</reason></fault>") == t.Fault(reason="r")


def test_repr_shows_only_the_fields_that_are_set() -> None:
    record = vm('<name>web</name><status>up</status><cluster id="c" href="/c"/>')
    assert repr(record) == (
        "Vm(id='123', href='/ovirt-engine/api/vms/123', name='web', "
        "cluster=Ref(id='c', href='/c'), status=<VmStatus.UP: 'up'>)"
    )


def test_snapshots_list_as_the_engine_writes_it() -> None:
    from console.api.enums import SnapshotStatus, SnapshotType

    snapshots = parse(
        b'<snapshots><snapshot href="/ovirt-engine/api/vms/1/snapshots/s0" id="s0">'
        b'<actions><link href="/ovirt-engine/api/vms/1/snapshots/s0/restore" rel="restore"/>'
        b"</actions><description>Active VM</description>"
        b'<link href="/ovirt-engine/api/vms/1/snapshots/s0/disks" rel="disks"/>'
        b"<date>2024-05-01T08:00:23.096+02:00</date><persist_memorystate>false</persist_memorystate>"
        b"<snapshot_status>ok</snapshot_status><snapshot_type>active</snapshot_type>"
        b'<vm href="/ovirt-engine/api/vms/1" id="1"/></snapshot>'
        b'<snapshot id="s1"><description>before upgrade</description>'
        b"<snapshot_status>locked</snapshot_status><snapshot_type>regular</snapshot_type>"
        b"<persist_memorystate>true</persist_memorystate></snapshot></snapshots>"
    )
    active, regular = snapshots
    assert isinstance(active, t.Snapshot) and active.snapshot_type is SnapshotType.ACTIVE
    assert active.snapshot_status is SnapshotStatus.OK and active.persist_memorystate is False
    assert active.date.utcoffset() == timedelta(hours=2) and active.vm.id == "1"
    assert active.actions == ("restore",)
    assert active.links == {"disks": "/ovirt-engine/api/vms/1/snapshots/s0/disks"}
    assert (regular.description, regular.snapshot_status) == ("before upgrade", "locked")
    assert regular.persist_memorystate is True and regular.date is None


def test_statistic_with_a_text_value_and_history() -> None:
    stats = parse(
        b"<statistics><statistic id='a'><name>disks.usage</name><kind>gauge</kind>"
        b"<type>string</type><unit>none</unit><values><value><detail>[{\"path\":\"/\"}]</detail>"
        b"</value></values></statistic><statistic id='b'><name>cpu.usage.history</name>"
        b"<values><value><datum>12</datum></value><value><datum>7.5</datum></value></values>"
        b"</statistic><statistic id='c'><name>memory.used</name><values/></statistic></statistics>"
    )
    text, history, empty = stats
    assert text.values == [t.Value(detail='[{"path":"/"}]')] and text.datum is None
    assert [v.datum for v in history.values] == [12.0, 7.5] and history.datum == 12.0
    assert empty.values == [] and empty.datum is None


def test_host_with_followed_nics_and_statistics() -> None:
    host = parse(
        b'<host id="h"><name>h1</name><nics><host_nic id="n"><name>bond0</name>'
        b"<bonding><slaves><host_nic id='e1'/><host_nic id='e2'/></slaves>"
        b"<options><option><name>mode</name><value>4</value></option></options></bonding>"
        b"<speed>10000000000</speed><status>up</status></host_nic></nics>"
        b"<statistics><statistic id='s'><name>memory.used</name><values><value>"
        b"<datum>1234</datum></value></values></statistic></statistics></host>"
    )
    (bond,) = host.nics
    assert bond.speed == 10_000_000_000 and bond.status == "up"
    assert [s.id for s in bond.bonding.slaves] == ["e1", "e2"]
    assert bond.bonding.options == [t.Option(name="mode", value="4")]
    assert host.statistics[0].datum == 1234.0
