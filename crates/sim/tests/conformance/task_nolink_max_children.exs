# Task.Supervisor max_children: async_nolink raises in the caller
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_nolink_max_children.json"))
