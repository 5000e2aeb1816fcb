"""Streaming a realistic collection (the benchmark's corpus) end to end."""

from __future__ import annotations

from lxml import etree

from console.api import Connection, VmStatus
from tests.api.server import EngineStub
from tests.benchmarks.vm_corpus import vms_document


async def test_realistic_collection_streams_into_complete_records(
    engine: EngineStub, connection: Connection
) -> None:
    body = vms_document(400)
    engine.set_xml_response("vms", 200, body)
    batches = [b async for b in connection.system_service().vms_service().iter_list()]
    vms = [vm for batch in batches for vm in batch]

    tree = etree.fromstring(body)
    expected = tree.findall("vm")
    assert len(batches) > 1
    assert [vm.id for vm in vms] == [e.get("id") for e in expected]
    for vm, element in zip(vms, expected, strict=True):
        assert vm.name == element.findtext("name")
        assert vm.status == element.findtext("status")
        assert vm.memory == int(element.findtext("memory"))
        assert vm.cpu.topology.cores == int(element.findtext("cpu/topology/cores"))
        assert vm.cluster.id == element.find("cluster").get("id")
        host = element.find("host")
        assert (vm.host.id if vm.host else None) == (host.get("id") if host is not None else None)
        if vm.status == VmStatus.UP:
            assert vm.start_time is not None and vm.start_time.utcoffset() is not None
            assert vm.fqdn == element.findtext("fqdn")


async def test_a_large_body_reaches_the_reader_in_whole_socket_reads(
    engine: EngineStub, connection: Connection, monkeypatch
) -> None:
    # httpcore's default 64 KB reads split each 256 KB socket read in four (bench_api).
    from console.api import connection as connection_module
    from console.api.transport import READ_BYTES

    sizes: list[int] = []
    real = connection_module.IncrementalReader

    class Recording(real):  # type: ignore[misc, valid-type]
        def feed(self, chunk: bytes):  # type: ignore[no-untyped-def]
            sizes.append(len(chunk))
            return super().feed(chunk)

    monkeypatch.setattr(connection_module, "IncrementalReader", Recording)
    body = vms_document(600)  # ~4 MB
    engine.set_xml_response("vms", 200, body)
    vms = await connection.system_service().vms_service().list()

    assert len(vms) == 600
    assert sum(sizes) == len(body)
    assert max(sizes) > 64 * 1024
    assert max(sizes) <= READ_BYTES
