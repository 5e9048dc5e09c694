# auto_shutdown: terminate_child does not trigger it; a temporary significant crash does.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "auto_shutdown_temporary_terminate.json"))
