# Agent.update with fn n -> n + 1 end on a non-integer state: the agent exits {:badarith, _} and restarts; the caller exits with the same reason.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "agent_badarith.json"))
