# telemetry_raising_detached: telemetry 1.2.1 (see Conformance.Telemetry in support.exs).
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "telemetry_raising_detached.json"))
