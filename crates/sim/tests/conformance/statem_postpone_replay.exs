# gen_statem: postponed events are retried after the next state change, in their original order
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_postpone_replay.json"))
