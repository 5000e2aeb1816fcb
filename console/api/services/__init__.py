"""The service tree, mirroring the official SDK's names (only awaited).

    system = conn.system_service()
    await system.get()                                    # Api: product_info, summary, time
    await system.vms_service().list(search="status=up")   # list / iter_list (batches)
    vm = system.vms_service().vm_service(id)
    await vm.get(follow="nics"), await vm.get_raw()       # record / exact XML bytes
    await vm.start(); await vm.migrate(host=host_id)      # -> ActionResult
    vm.nics_service().nic_service(n).reported_devices_service()
    vm.disk_attachments_service(), vm.statistics_service(), vm.reported_devices_service()
    vm.snapshots_service().add({...}) / .snapshot_service(s).remove() / .disks_service()
    system.hosts_service().host_service(h)                # activate, deactivate, fence, refresh,
        .nics_service(), .statistics_service()            # force_select_spm, upgrade_check
    system.data_centers_service().data_center_service(d).storage_domains_service()
        .storage_domain_service(sd).activate() / .deactivate(force=True)
    system.clusters_service(), storage_domains_service(), networks_service(),
    templates_service(), disks_service(), events_service().list(from_=id),
    jobs_service().job_service(j).steps_service()

Each area lives in its own module; ``base`` holds the shared building blocks.
"""
