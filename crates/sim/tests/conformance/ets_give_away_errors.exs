# ETS give_away errors: badarg in the caller
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "ets_give_away_errors.json"))
