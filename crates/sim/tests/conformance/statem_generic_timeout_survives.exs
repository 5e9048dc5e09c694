# gen_statem: a named generic timeout survives a state change; the state timeout armed with it does not
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_generic_timeout_survives.json"))
