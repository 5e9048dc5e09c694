# gen_statem: lesson 10's circuit breaker on a real :gen_statem.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_circuit_breaker.json"))
