# Agent.get with a 100 ms timeout to an agent busy for 400 ms exits the caller {:timeout, ...}.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "agent_get_timeout.json"))
