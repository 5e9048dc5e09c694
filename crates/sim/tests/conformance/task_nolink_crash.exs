# Task.Supervisor.async_nolink: a crashing task does not touch its caller
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_nolink_crash.json"))
