# shutdown: :brutal_kill kills a trapping worker immediately: reason :killed and no shutdown_error.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "brutal_kill.json"))
