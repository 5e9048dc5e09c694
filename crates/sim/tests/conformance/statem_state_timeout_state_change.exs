# gen_statem: a state change cancels the running state_timeout.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_state_timeout_state_change.json"))
