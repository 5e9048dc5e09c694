# gen_statem: lesson 10's door, postponing casts until it opens.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "statem_door_postpone.json"))
