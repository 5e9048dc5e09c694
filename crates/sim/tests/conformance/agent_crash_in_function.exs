# An Agent function raises: the caller waiting in Agent.update exits with the agent's reason, the agent restarts with its initial state.
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "agent_crash_in_function.json"))
