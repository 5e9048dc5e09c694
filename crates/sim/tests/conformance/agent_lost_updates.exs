# Concurrent Agent.get-then-Agent.update loses updates; Agent.update (the function runs in the agent) loses none.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "agent_lost_updates.json"))
