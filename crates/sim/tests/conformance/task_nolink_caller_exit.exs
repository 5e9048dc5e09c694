# Task.Supervisor.async_nolink: a task outlives its caller
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_nolink_caller_exit.json"))
