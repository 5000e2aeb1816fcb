"""Reading replies generically: paths, collections, entities, hostile text."""

from __future__ import annotations

import pytest

from console.api.errors import ApiError
from console.backend.explorer import normalize, read_page, split_path


def test_paths_and_hrefs_normalize() -> None:
    assert normalize("/ovirt-engine/api/vms/1/nics/") == "vms/1/nics"
    assert normalize("/ovirt-engine/api") == ""
    assert normalize("vms") == "vms"
    assert normalize("/custom/api/hosts", "/custom/api") == "hosts"
    assert split_path("/ovirt-engine/api/vms?search=status%3Dup&max=2") == ("vms", (("search", "status=up"), ("max", "2")))


def test_collection_columns_prefer_name_status_then_the_most_common() -> None:
    body = b"""<hosts>
      <host href="/ovirt-engine/api/hosts/a" id="a"><address>10.0.0.1</address><name>h1</name>
        <status>up</status><cluster href="/ovirt-engine/api/clusters/c" id="c"/></host>
      <host href="/ovirt-engine/api/hosts/b" id="b"><name>[red]h2</name><status>maintenance</status>
        <address>10.0.0.2</address><spm><status>none</status></spm><comment>only here</comment></host>
    </hosts>"""
    page = read_page("hosts", {}, body)
    assert page.is_collection and page.tag == "hosts"
    assert page.columns == ("name", "status", "address", "comment")
    assert [r.cells for r in page.rows] == [("h1", "up", "10.0.0.1", ""), ("[red]h2", "maintenance", "10.0.0.2", "only here")]
    assert [r.path for r in page.rows] == ["hosts/a", "hosts/b"]


def test_empty_collection_and_entity_with_links_references_actions() -> None:
    assert read_page("tags", {}, b"<tags/>").is_collection
    body = b"""<vm href="/ovirt-engine/api/vms/1" id="1"><actions>
      <link href="/ovirt-engine/api/vms/1/start" rel="start"/><link href="/ovirt-engine/api/vms/1/stop" rel="stop"/>
      </actions><name>web &amp; db</name><link href="/ovirt-engine/api/vms/1/nics" rel="nics"/>
      <cluster href="/ovirt-engine/api/clusters/c" id="c"/><cpu><topology><cores>2</cores></topology></cpu>
      <host href="/ovirt-engine/api/hosts/h" id="h"/></vm>"""
    page = read_page("vms/1", {}, body)
    assert not page.is_collection and page.actions == ("start", "stop")
    assert [(link.label, link.path) for link in page.links] == [("nics", "vms/1/nics")]
    assert [(ref.label, ref.path) for ref in page.references] == [("cluster", "clusters/c"), ("host", "hosts/h")]
    name = next(c for c in page.node.children if c.tag == "name")
    assert name.text == "web & db" and not name.is_reference
    assert next(c for c in page.node.children if c.tag == "cluster").is_reference


def test_not_xml_is_an_api_error() -> None:
    with pytest.raises(ApiError, match="not XML"):
        read_page("vms", {}, b"<html><body>proxy error")
