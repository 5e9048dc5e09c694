# gen_statem: an event that keeps the state does not cancel the state timeout; setting it again replaces it
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_state_timeout_keep_state.json"))
