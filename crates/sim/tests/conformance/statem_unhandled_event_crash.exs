# gen_statem: an event no clause handles crashes it with function_clause; the supervisor restarts it in its initial state
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_unhandled_event_crash.json"))
