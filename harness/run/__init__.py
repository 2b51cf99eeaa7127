"""One app, one device, the full test protocol: `run_app(RunConfig) -> RunReport`."""
