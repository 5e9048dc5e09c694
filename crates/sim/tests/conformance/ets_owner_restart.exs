# A reader of a named ETS table crashes with {:badarg, _} while the table's owner is dead or in init/1, and reads again after.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "ets_owner_restart.json"))
