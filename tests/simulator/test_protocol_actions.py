"""Actions over HTTP: replies, faults, and state transitions observed with a manual clock."""

from __future__ import annotations

import httpx

from console.simulator.server import SimulatorServer

from .conftest import advance, origin, xml


def first(sim: SimulatorServer, status: str):  # type: ignore[no-untyped-def]
    return next(vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name)
                if vm.status == status and vm.placement_policy_affinity == "migratable")


async def status_of(api: httpx.AsyncClient, vm_id: str) -> str:
    return xml(await api.get(f"/vms/{vm_id}")).findtext("status")


async def test_start_reply_transitions_job_and_event(api: httpx.AsyncClient, sim: SimulatorServer,
                                                     http: httpx.AsyncClient) -> None:
    vm = first(sim, "down")
    response = await api.post(f"/vms/{vm.id}/start", content="<action/>", headers={"Correlation-Id": "start-1"})
    assert response.status_code == 200
    assert response.headers["correlation-id"] == "start-1"
    action = xml(response)
    assert [c.tag for c in action] == ["job", "status", "vm"]  # JAXB order: alphabetical
    assert action.findtext("status") == "complete"
    assert action.find("vm").get("href") == f"/ovirt-engine/api/vms/{vm.id}"
    job_id = action.find("job").get("id")
    assert action.find("job").get("href") == f"/ovirt-engine/api/jobs/{job_id}"
    seen = [await status_of(api, vm.id)]
    for _ in range(3):
        await advance(sim, http, 3)
        seen.append(await status_of(api, vm.id))
    assert seen[:3] == ["wait_for_launch", "powering_up", "up"]
    body = xml(await api.get(f"/vms/{vm.id}"))
    assert body.find("host") is not None and body.find("start_time") is not None
    job = xml(await api.get(f"/jobs/{job_id}"))
    assert job.findtext("status") == "finished" and job.find("end_time") is not None
    assert job.findtext("description") == f"Launching VM {vm.name}"
    steps = xml(await api.get(f"/jobs/{job_id}/steps"))
    assert len(steps) >= 1 and all(s.findtext("status") == "finished" for s in steps)
    assert steps[0].find("job").get("id") == job_id
    events = xml(await api.get("/events", params={"search": "correlation_id=start-1"}))
    messages = [e.findtext("description") for e in events]
    host = sim.engine.hosts[sim.engine.vms[vm.id].host_id]
    assert f"VM {vm.name} started on Host {host.name}" in messages
    assert all(e.findtext("correlation_id") == "start-1" for e in events)


async def test_invalid_transition_is_a_409_action_fault(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = first(sim, "up")
    response = await api.post(f"/vms/{vm.id}/start", content="<action><pause>false</pause></action>")
    assert response.status_code == 409
    action = xml(response)
    assert [c.tag for c in action] == ["fault", "pause", "status"]
    assert action.findtext("fault/reason") == "Operation Failed"
    assert action.findtext("fault/detail") == "[Cannot run VM. VM is running.]"
    assert action.findtext("status") == "failed"
    assert action.findtext("pause") == "false"  # request children are echoed
    down = first(sim, "down")
    stop = await api.post(f"/vms/{down.id}/shutdown", content="<action/>")
    assert stop.status_code == 409
    assert xml(stop).findtext("fault/detail") == "[Cannot shutdown VM. VM is not running.]"


async def test_malformed_and_wrong_bodies(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = first(sim, "down")
    for body in ("<action>", "not xml", "", "<vm/>", '<!DOCTYPE x [<!ENTITY e "x">]><action>&e;</action>'):
        response = await api.post(f"/vms/{vm.id}/start", content=body)
        assert response.status_code == 400, body
        fault = xml(response)
        assert fault.tag == "fault"
        assert fault.findtext("reason") == "Request syntactically incorrect."
    assert sim.engine.vms[vm.id].status == "down"
    bad_bool = await api.post(f"/vms/{vm.id}/stop", content="<action><force>maybe</force></action>")
    assert bad_bool.status_code == 400 and xml(bad_bool).findtext("reason") == "Invalid value"


async def test_actions_on_missing_objects_and_unsupported_verbs(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    missing = await api.post("/vms/00000000-0000-0000-0000-00000000abcd/start", content="<action/>")
    assert missing.status_code == 404
    vm = first(sim, "down")
    clone = await api.post(f"/vms/{vm.id}/clone", content="<action><vm><name>x</name></vm></action>")
    assert clone.status_code == 400
    assert "not supported" in xml(clone).findtext("fault/detail")
    ticket = xml(await api.post(f"/vms/{vm.id}/ticket", content="<action><ticket><value>abc</value></ticket></action>"))
    assert ticket.findtext("ticket/value") == "abc" and ticket.findtext("status") == "complete"
    put = await api.put("/events/1", content="<event/>")
    assert put.status_code == 405


async def test_stop_shutdown_suspend_reboot(api: httpx.AsyncClient, sim: SimulatorServer,
                                            http: httpx.AsyncClient) -> None:
    running = [vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name) if vm.status == "up"][:4]
    stop_vm, shutdown_vm, suspend_vm, reboot_vm = running
    forced = "<action><force>true</force></action>"
    assert (await api.post(f"/vms/{stop_vm.id}/stop", content=forced)).status_code == 200
    assert (await api.post(f"/vms/{shutdown_vm.id}/shutdown", content="<action/>")).status_code == 200
    assert (await api.post(f"/vms/{suspend_vm.id}/suspend", content="<action/>")).status_code == 200
    assert (await api.post(f"/vms/{reboot_vm.id}/reboot", content="<action/>")).status_code == 200
    assert await status_of(api, shutdown_vm.id) == "powering_down"
    assert await status_of(api, suspend_vm.id) == "saving_state"
    assert await status_of(api, reboot_vm.id) == "reboot_in_progress"
    for _ in range(4):
        await advance(sim, http, 3)
    assert await status_of(api, stop_vm.id) == "down"
    assert await status_of(api, shutdown_vm.id) == "down"
    assert await status_of(api, suspend_vm.id) == "suspended"
    assert await status_of(api, reboot_vm.id) == "up"
    assert xml(await api.get(f"/vms/{stop_vm.id}")).find("host") is None


async def test_migrate_to_named_host_and_to_scheduler_choice(api: httpx.AsyncClient, sim: SimulatorServer,
                                                            http: httpx.AsyncClient) -> None:
    engine = sim.engine
    vm = first(sim, "up")
    source = vm.host_id
    target = next(h for h in engine.hosts.values()
                  if h.cluster_id == vm.cluster_id and h.id != source and h.status == "up")
    same = await api.post(f"/vms/{vm.id}/migrate", content=f'<action><host id="{source}"/></action>')
    assert same.status_code == 409
    by_name = f"<action><host><name>{target.name}</name></host></action>"
    response = await api.post(f"/vms/{vm.id}/migrate", content=by_name)
    assert response.status_code == 200, response.text
    assert await status_of(api, vm.id) == "migrating"
    for _ in range(4):
        await advance(sim, http, 3)
    body = xml(await api.get(f"/vms/{vm.id}"))
    assert body.findtext("status") == "up"
    assert body.find("host").get("id") == target.id
    other = first(sim, "up")
    old_host = other.host_id
    assert (await api.post(f"/vms/{other.id}/migrate", content="<action/>")).status_code == 200
    for _ in range(4):
        await advance(sim, http, 3)
    assert xml(await api.get(f"/vms/{other.id}")).find("host").get("id") != old_host
    unknown = await api.post(f"/vms/{other.id}/migrate", content="<action><host><name>nope</name></host></action>")
    assert unknown.status_code == 404
    assert "Entity not found" in xml(unknown).findtext("fault/detail")


async def test_snapshots_add_preview_commit_remove(api: httpx.AsyncClient, sim: SimulatorServer,
                                                  http: httpx.AsyncClient) -> None:
    vm = first(sim, "down")
    before = len(xml(await api.get(f"/vms/{vm.id}/snapshots")))
    created = await api.post(f"/vms/{vm.id}/snapshots",
                             content="<snapshot><description>before upgrade</description>"
                                     "<persist_memorystate>false</persist_memorystate></snapshot>")
    assert created.status_code == 201
    snap = xml(created)
    snap_id = snap.get("id")
    assert created.headers["location"] == f"{origin(sim.url)}/ovirt-engine/api/vms/{vm.id}/snapshots/{snap_id}"
    assert snap.findtext("description") == "before upgrade"
    assert snap.findtext("snapshot_status") == "locked"
    await advance(sim, http, 3)
    listed = xml(await api.get(f"/vms/{vm.id}/snapshots"))
    assert len(listed) == before + 1
    assert listed[0].findtext("snapshot_type") == "active"
    assert xml(await api.get(f"/vms/{vm.id}/snapshots/{snap_id}")).findtext("snapshot_status") == "ok"
    missing_desc = await api.post(f"/vms/{vm.id}/snapshots", content="<snapshot/>")
    assert missing_desc.status_code == 400 and xml(missing_desc).findtext("reason") == "Incomplete parameters"
    preview = await api.post(f"/vms/{vm.id}/previewsnapshot",
                             content='<action><restore_memory>false</restore_memory>'
                                     f'<snapshot id="{snap_id}"/></action>')
    assert preview.status_code == 200, preview.text
    await advance(sim, http, 3)
    await advance(sim, http, 3)
    assert (await api.post(f"/vms/{vm.id}/undosnapshot", content="<action/>")).status_code == 200
    await advance(sim, http, 3)
    await advance(sim, http, 3)
    removed = await api.delete(f"/vms/{vm.id}/snapshots/{snap_id}")
    assert removed.status_code == 200
    assert xml(removed).findtext("status") == "complete"
    await advance(sim, http, 3)
    await advance(sim, http, 3)
    assert (await api.get(f"/vms/{vm.id}/snapshots/{snap_id}")).status_code == 404


async def test_remove_vm(api: httpx.AsyncClient, sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    running = first(sim, "up")
    refused = await api.delete(f"/vms/{running.id}")
    assert refused.status_code == 409
    assert xml(refused).findtext("detail") == "[Cannot remove VM. VM is running.]"
    vm = first(sim, "down")
    removed = await api.delete(f"/vms/{vm.id}", params={"detach_only": "true"})
    assert removed.status_code == 200
    assert xml(removed).findtext("status") == "complete"
    for _ in range(2):
        await advance(sim, http, 3)
    assert (await api.get(f"/vms/{vm.id}")).status_code == 404


async def test_host_maintenance_migrates_vms_and_activate(api: httpx.AsyncClient, sim: SimulatorServer,
                                                         http: httpx.AsyncClient) -> None:
    engine = sim.engine
    host = max((h for h in engine.hosts.values() if h.status == "up"),
               key=lambda h: engine.host_summary(h.id)[0])
    running = [vm_id for vm_id in engine.host_vms[host.id]]
    assert running, "the busiest host runs VMs"
    response = await api.post(f"/hosts/{host.id}/deactivate", content="<action><reason>patching</reason></action>")
    assert response.status_code == 200, response.text
    assert xml(response).find("host").get("id") == host.id
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "preparing_for_maintenance"
    again = await api.post(f"/hosts/{host.id}/deactivate", content="<action/>")
    assert again.status_code == 409
    for _ in range(10):
        await advance(sim, http, 3)
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "maintenance"
    for vm_id in running:
        vm = xml(await api.get(f"/vms/{vm_id}"))
        assert vm.find("host") is None or vm.find("host").get("id") != host.id
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("summary/total") == "0"
    assert (await api.post(f"/hosts/{host.id}/activate", content="<action/>")).status_code == 200
    for _ in range(3):
        await advance(sim, http, 3)
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "up"


async def test_host_fence_refresh_and_spm(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    host = next(h for h in sim.engine.hosts.values() if h.status == "up")
    status = xml(await api.post(f"/hosts/{host.id}/fence", content="<action><fence_type>status</fence_type></action>"))
    assert status.findtext("power_management/status") == "on"
    assert status.findtext("status") == "complete" and status.findtext("fence_type") == "status"
    incomplete = await api.post(f"/hosts/{host.id}/fence", content="<action/>")
    assert incomplete.status_code == 400
    assert xml(incomplete).findtext("fault/detail") == "Action [fenceType] required for fence"
    refresh = xml(await api.post(f"/hosts/{host.id}/refresh", content="<action/>"))
    assert refresh.find("job") is not None
    check = await api.post(f"/hosts/{host.id}/upgradecheck", content="<action/>")
    assert check.status_code == 200


async def test_attached_storage_domain_deactivate_and_activate(api: httpx.AsyncClient, sim: SimulatorServer,
                                                                http: httpx.AsyncClient) -> None:
    engine = sim.engine
    sd = next(s for s in engine.storage_domains.values()
              if s.data_center_id and s.type != "data" and s.status == "active")
    path = f"/datacenters/{sd.data_center_id}/storagedomains/{sd.id}"
    response = await api.post(f"{path}/deactivate", content="<action><force>true</force></action>")
    assert response.status_code == 200, response.text
    assert xml(response).find("storage_domain").get("href") == f"/ovirt-engine/api{path}"
    await advance(sim, http, 3)
    assert xml(await api.get(path)).findtext("status") == "maintenance"
    assert (await api.post(f"{path}/deactivate", content="<action/>")).status_code == 409
    assert (await api.post(f"{path}/activate", content="<action/>")).status_code == 200
    await advance(sim, http, 3)
    assert xml(await api.get(path)).findtext("status") == "active"


async def test_external_events_and_jobs(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = first(sim, "up")
    created = await api.post("/events", content=(
        "<event><description>File system /home is full</description><severity>alert</severity>"
        f"<origin>mymonitor</origin><custom_id>1467879754</custom_id><vm id=\"{vm.id}\"/></event>"))
    assert created.status_code == 201, created.text
    event = xml(created)
    assert event.findtext("origin") == "mymonitor" and event.find("vm").get("id") == vm.id
    newest = xml(await api.get("/events", params={"max": "1"}))[0]
    assert newest.get("id") == event.get("id")
    incomplete = await api.post("/events", content="<event><description>x</description></event>")
    assert incomplete.status_code == 400
    dismissed = await api.delete(f"/events/{event.get('id')}")
    assert dismissed.status_code == 200
    assert (await api.get(f"/events/{event.get('id')}")).status_code == 404
    assert (await api.post("/events/undelete", content="<action/>")).status_code == 200
    assert (await api.get(f"/events/{event.get('id')}")).status_code == 200
    job = await api.post("/jobs", content="<job><description>Doing some work</description>"
                                          "<auto_cleared>true</auto_cleared></job>")
    assert job.status_code == 201
    job_id = xml(job).get("id")
    assert xml(job).findtext("external") == "true" and xml(job).findtext("status") == "started"
    step = await api.post(f"/jobs/{job_id}/steps", content="<step><description>Validating</description>"
                                                           "<type>validating</type></step>")
    assert step.status_code == 201
    ended = await api.post(f"/jobs/{job_id}/end",
                           content="<action><force>true</force><succeeded>true</succeeded></action>")
    assert ended.status_code == 200
    assert xml(await api.get(f"/jobs/{job_id}")).findtext("status") == "finished"


async def test_resume_reset_and_cancel_migration(api: httpx.AsyncClient, sim: SimulatorServer,
                                                 http: httpx.AsyncClient) -> None:
    running = [vm for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name)
               if vm.status == "up" and vm.placement_policy_affinity == "migratable"][:3]
    suspend_vm, reset_vm, migrate_vm = running
    await api.post(f"/vms/{suspend_vm.id}/suspend", content="<action/>")
    for _ in range(3):
        await advance(sim, http, 3)
    assert await status_of(api, suspend_vm.id) == "suspended"
    assert (await api.post(f"/vms/{suspend_vm.id}/start", content="<action/>")).status_code == 200
    assert await status_of(api, suspend_vm.id) == "restoring_state"
    assert (await api.post(f"/vms/{reset_vm.id}/reset", content="<action/>")).status_code == 200
    assert await status_of(api, reset_vm.id) == "reboot_in_progress"
    source = migrate_vm.host_id
    assert (await api.post(f"/vms/{migrate_vm.id}/migrate", content="<action/>")).status_code == 200
    assert await status_of(api, migrate_vm.id) == "migrating"
    cancelled = await api.post(f"/vms/{migrate_vm.id}/cancelmigration", content="<action/>")
    assert cancelled.status_code == 200
    body = xml(await api.get(f"/vms/{migrate_vm.id}"))
    assert body.findtext("status") == "up" and body.find("host").get("id") == source
    again = await api.post(f"/vms/{migrate_vm.id}/cancelmigration", content="<action/>")
    assert again.status_code == 409
    for _ in range(3):
        await advance(sim, http, 3)
    assert await status_of(api, suspend_vm.id) == "up"
    assert await status_of(api, reset_vm.id) == "up"


async def test_preview_commit_snapshot(api: httpx.AsyncClient, sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    vm, snap = next((vm, s) for vm in sorted(sim.engine.vms.values(), key=lambda v: v.name) if vm.status == "down"
                    for s in sim.engine.snapshots.get(vm.id, ()) if s.snapshot_type == "regular")
    running, own = next((vm, s) for vm in sim.engine.vms.values() if vm.status == "up"
                        for s in sim.engine.snapshots.get(vm.id, ()) if s.snapshot_type == "regular")
    refused = await api.post(f"/vms/{running.id}/previewsnapshot",
                             content=f'<action><snapshot id="{own.id}"/></action>')
    assert refused.status_code == 409
    foreign = await api.post(f"/vms/{running.id}/previewsnapshot",
                             content=f'<action><snapshot id="{snap.id}"/></action>')
    assert foreign.status_code == 404
    assert (await api.post(f"/vms/{vm.id}/previewsnapshot",
                           content=f'<action><snapshot id="{snap.id}"/></action>')).status_code == 200
    for _ in range(2):
        await advance(sim, http, 3)
    statuses = {s.findtext("snapshot_status") for s in xml(await api.get(f"/vms/{vm.id}/snapshots"))}
    assert "in_preview" in statuses
    assert (await api.post(f"/vms/{vm.id}/commitsnapshot", content="<action/>")).status_code == 200
    for _ in range(2):
        await advance(sim, http, 3)
    statuses = {s.findtext("snapshot_status") for s in xml(await api.get(f"/vms/{vm.id}/snapshots"))}
    assert "in_preview" not in statuses
    nothing = await api.post(f"/vms/{vm.id}/commitsnapshot", content="<action/>")
    assert nothing.status_code in (400, 409) and xml(nothing).findtext("status") == "failed"


async def test_host_fence_restart_and_stop(api: httpx.AsyncClient, sim: SimulatorServer,
                                           http: httpx.AsyncClient) -> None:
    busy = next(h for h in sim.engine.hosts.values()
                if h.status == "up" and h.power_management_enabled and sim.engine.host_summary(h.id)[0] > 0)
    refused = await api.post(f"/hosts/{busy.id}/fence", content="<action><fence_type>restart</fence_type></action>")
    assert refused.status_code == 409  # a host running VMs must be in maintenance first
    host = next(h for h in sim.engine.hosts.values()
                if h.status == "up" and h.power_management_enabled and h.spm_status != "spm")
    await api.post(f"/hosts/{host.id}/deactivate", content="<action/>")
    for _ in range(10):
        await advance(sim, http, 3)
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "maintenance"
    restart = await api.post(f"/hosts/{host.id}/fence", content="<action><fence_type>restart</fence_type></action>")
    assert restart.status_code == 200 and xml(restart).find("job") is not None
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "reboot"
    for _ in range(4):
        await advance(sim, http, 3)
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "maintenance"
    stop = await api.post(f"/hosts/{host.id}/fence", content="<action><fence_type>stop</fence_type></action>")
    assert stop.status_code == 200
    assert xml(await api.get(f"/hosts/{host.id}")).findtext("status") == "down"
    power = xml(await api.post(f"/hosts/{host.id}/fence", content="<action><fence_type>status</fence_type></action>"))
    assert power.findtext("power_management/status") == "off"
    bad = await api.post(f"/hosts/{host.id}/fence", content="<action><fence_type>explode</fence_type></action>")
    assert bad.status_code == 400 and xml(bad).findtext("fault/reason") == "Invalid value"


async def test_force_select_spm(api: httpx.AsyncClient, sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    engine = sim.engine
    spm = next(h for h in engine.hosts.values() if h.spm_status == "spm")
    already = await api.post(f"/hosts/{spm.id}/forceselectspm", content="<action/>")
    assert already.status_code == 409
    dc_of = {c.id: c.data_center_id for c in engine.clusters.values()}
    other = next(h for h in engine.hosts.values() if h.status == "up" and h.spm_status == "none"
                 and dc_of[h.cluster_id] == dc_of[spm.cluster_id] and h.spm_priority > 0)
    assert (await api.post(f"/hosts/{other.id}/forceselectspm", content="<action/>")).status_code == 200
    await advance(sim, http, 3)
    assert xml(await api.get(f"/hosts/{other.id}")).findtext("spm/status") == "spm"
    assert xml(await api.get(f"/hosts/{spm.id}")).findtext("spm/status") == "none"


async def test_update_description_and_comment(api: httpx.AsyncClient, sim: SimulatorServer) -> None:
    vm = first(sim, "up")
    response = await api.put(f"/vms/{vm.id}", content="<vm><description>web &amp; api</description>"
                                                      "<comment>owned by ops</comment><status>down</status></vm>")
    assert response.status_code == 200
    body = xml(response)
    assert body.findtext("description") == "web & api" and body.findtext("comment") == "owned by ops"
    assert body.findtext("status") == "up"  # read-only elements are ignored
    assert xml(await api.get(f"/vms/{vm.id}")).findtext("description") == "web & api"
    host = next(iter(sim.engine.hosts.values()))
    assert xml(await api.put(f"/hosts/{host.id}", content="<host><comment>rack 4</comment></host>")) \
        .findtext("comment") == "rack 4"
    wrong_root = await api.put(f"/vms/{vm.id}", content="<host><comment>x</comment></host>")
    assert wrong_root.status_code == 400
