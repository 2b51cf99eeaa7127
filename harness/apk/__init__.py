"""Static analysis of an app: its APK (or split folder, bundle, simulated-app folder) profiled
without running it (`harness.apk.inspect.inspect_target`), and that profile set beside what a
run observed (`harness.apk.inventory`). Nothing is imported here: the wheel build imports
`harness.apk.build` alone, without the runtime dependencies."""
