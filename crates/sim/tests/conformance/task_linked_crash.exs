# Task.async: a crashing task takes its caller with it
Code.require_file("support.exs", __DIR__)
Conformance.run(Path.join(__DIR__, "task_linked_crash.json"))
