"""A campaign over many hosts: jobs on a Celery queue (Redis broker), results in one shared store.

`coordinator.py` (behind `harness batch --broker`) publishes one task per queued attempt and
follows the campaign through the store and the device registry; `host.py` (`harness worker`)
starts one Celery worker process per device of its host (`device.py`), each running the same
`run_app` as the single-host runner; `registry.py` is what devices announce in Redis
(heartbeats: which host, which tags, what runs now). The store stays the only judge of what is
finished: a message may be delivered twice, a result is recorded once.
"""
