"""The service tree, mirroring the official SDK's names (only awaited).

``conn.system_service().vms_service().vm_service(id).start()``; every area lives in
its own module and shares the building blocks in ``base``.
"""
