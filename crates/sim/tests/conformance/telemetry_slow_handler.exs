# telemetry_slow_handler: telemetry 1.2.1 (see Conformance.Telemetry in support.exs).
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "telemetry_slow_handler.json"))
