"""An SDK-style client flow end to end, as ovirtsdk4's examples do it over the wire."""

from __future__ import annotations

import httpx

from console.simulator.server import SimulatorServer

from .conftest import JSON, SSO_FORM, advance, origin, xml


async def test_login_search_start_poll_job_and_see_event(sim: SimulatorServer, http: httpx.AsyncClient) -> None:
    base = origin(sim.url)
    # 1. SSO login exactly as Connection._get_access_token does it.
    grant = await http.post(f"{base}/ovirt-engine/sso/oauth/token", data=SSO_FORM,
                            headers={**JSON, "User-Agent": "PythonSDK/4.6.3"})
    token = grant.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Version": "4", "Accept": "application/xml",
               "Content-Type": "application/xml", "User-Agent": "PythonSDK/4.6.3"}
    async with httpx.AsyncClient(base_url=sim.url, headers=headers) as api:
        # 2. vms_service.list(search="status=down", max=1): params sorted and urlencoded by the SDK.
        listed = await api.get("/vms?max=1&search=status%3Ddown")
        vm = xml(listed)[0]
        vm_id, vm_name = vm.get("id"), vm.findtext("name")
        # 3. vm_service.start(query={'correlation_id': cid}) like examples/helpers/jobs.py.
        cid = "sdkflow01"
        started = await api.post(f"/vms/{vm_id}/start", params={"correlation_id": cid}, content="<action/>")
        assert started.status_code == 200 and xml(started).findtext("status") == "complete"
        # 4. Poll jobs?search=correlation_id=X until no job is 'started'; all must be 'finished'.
        for _ in range(20):
            jobs = xml(await api.get("/jobs", params={"search": f"correlation_id={cid}"}))
            assert len(jobs) >= 1
            if all(job.findtext("status") != "started" for job in jobs):
                break
            await advance(sim, http, 1)
        assert all(job.findtext("status") == "finished" for job in jobs)
        assert xml(await api.get(f"/vms/{vm_id}")).findtext("status") == "up"
        # 5. The event with the engine's wording, found newest-first and via from=.
        events = xml(await api.get("/events", params={"search": f"correlation_id={cid}"}))
        host_id = xml(await api.get(f"/vms/{vm_id}")).find("host").get("id")
        host_name = xml(await api.get(f"/hosts/{host_id}")).findtext("name")
        descriptions = [e.findtext("description") for e in events]
        assert f"VM {vm_name} started on Host {host_name}" in descriptions
        codes = {int(e.findtext("code")) for e in events}
        assert 32 in codes  # USER_RUN_VM
        # 6. Logout revokes the token, as Connection.close(logout=True).
        await http.post(f"{base}/ovirt-engine/services/sso-logout", data={"scope": "ovirt-app-api", "token": token},
                        headers=JSON)
        assert (await api.get("/vms")).status_code == 401
