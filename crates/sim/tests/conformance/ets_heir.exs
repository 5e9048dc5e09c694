# ETS heir: the table outlives its owner, and the owner's restart cannot create it again
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "ets_heir.json"))
