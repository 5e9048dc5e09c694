# ETS give_away: the table moves to a new owner and dies with it
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "ets_give_away.json"))
