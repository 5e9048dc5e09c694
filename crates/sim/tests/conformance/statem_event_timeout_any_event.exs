# gen_statem: the event timeout is cancelled by any event, even one that keeps the state
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_event_timeout_any_event.json"))
